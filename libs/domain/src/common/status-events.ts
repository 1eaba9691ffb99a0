import { EventEmitter, on } from 'node:events';
import { AfterCommit, registerLabelledEnum } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { DataSource, EntityManager } from 'typeorm';

export enum DownwardKind {
  LinkageTask = 'linkage_task',
  SupervisionTeam = 'supervision_team',
  SpecialCheck = 'special_check',
  Notice = 'notice',
}

registerLabelledEnum(DownwardKind, {
  name: 'DownwardKind',
  description: 'linkage task 联动任务 · supervision team 指导督导组 · special check 专项检查 · notice 通报',
  labels: { linkage_task: '联动任务', supervision_team: '指导督导组', special_check: '专项检查', notice: '通报' },
});

@ObjectType({ description: 'A status change in what a node issued, relays or received' })
export class DownwardStatusEvent {
  @Field(() => ID, { description: 'The node whose view changed' }) nodeId: string;
  @Field(() => DownwardKind) kind: DownwardKind;
  @Field(() => ID, { description: 'Task, team, check or notice id' }) subjectId: string;
  @Field(() => ID, { nullable: true, description: 'The recipient whose status changed, when one did' }) targetId?: string;
  @Field({ description: 'The new state (of the recipient, or of the subject)' }) state: string;
  @Field(() => GraphQLISODateTime) at: Date;
}

const EVENT = 'status';

/**
 * Publishes status changes to GraphQL subscribers of this host — only once the transaction that
 * made them has committed, so a subscriber never sees a change that was rolled back.
 */
@Injectable()
export class StatusEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly committed: AfterCommit<DownwardStatusEvent>;

  constructor(dataSource: DataSource) {
    this.committed = new AfterCommit(dataSource, (events) => {
      for (const event of events) this.emitter.emit(EVENT, event);
    });
  }

  queue(manager: EntityManager, event: Omit<DownwardStatusEvent, 'at'>): void {
    this.committed.queue(manager, [{ ...event, at: new Date() }]);
  }

  /** Events for which `wanted` holds, as GraphQL expects a subscription's payloads; ends when the client leaves. */
  stream(wanted: (event: DownwardStatusEvent) => boolean): AsyncIterableIterator<{ downwardStatusChanged: DownwardStatusEvent }> {
    const source = on(this.emitter, EVENT) as AsyncIterableIterator<[DownwardStatusEvent]>;
    const iterator: AsyncIterableIterator<{ downwardStatusChanged: DownwardStatusEvent }> = {
      async next() {
        for (;;) {
          const result = await source.next();
          if (result.done) return { done: true, value: undefined };
          const [event] = result.value;
          if (wanted(event)) return { done: false, value: { downwardStatusChanged: event } };
        }
      },
      async return() {
        await source.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
