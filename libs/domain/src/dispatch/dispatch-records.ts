import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/federation';
import { EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { StatusEvents } from '../common/status-events';
import { DeadlineTracker } from '../deadlines/deadline-tracker.service';
import { DEADLINE_KIND_LABELS } from '../deadlines/deadline.enums';
import { localDateOf } from '../deadlines/local-date';
import { AnyFlow, DispatchedMessage, DispatchRefusal, DispatchRole, StepMessage } from './dispatch-flow';
import { Dispatch, DispatchStep, DispatchTarget } from './dispatch.entity';
import { DispatchActor, Obligation, StepBody, StepRule, ruleOf, transition } from './dispatch-rules';

/** Names what a target owes on a dispatch's arrival, the same at every level. */
const ARRIVAL_NAMESPACE = '0c5e7b1a-3d2f-4e6a-8b9c-7d1e2f3a4b5c';

/** One node's copy of a dispatch to record, with the targets it sees. */
export interface DispatchCopy {
  nodeId: string;
  role: DispatchRole;
  dispatched: DispatchedMessage<unknown>;
  targetIds: readonly string[];
}

/**
 * The writes of every dispatch flow, at the issuer, at each level on the way and at the target: the
 * copies, the targets' exchanges, their steps by the rules table, and the obligations those steps
 * put on the target (tracked by the deadline sweep, alerted to the issuer when missed).
 */
@Injectable()
export class DispatchRecords {
  constructor(
    private readonly events: StatusEvents,
    private readonly deadlines: DeadlineTracker,
  ) {}

  /**
   * Records copies — many in one statement per table — and their targets in the flow's initial
   * state. A copy already held is kept; a relaying level that is also a target becomes a target.
   */
  async recordDispatches(manager: EntityManager, flow: AnyFlow, copies: readonly DispatchCopy[]): Promise<void> {
    if (copies.length === 0) return;
    const byKey = new Map<string, DispatchCopy>();
    for (const copy of copies) {
      const key = `${copy.nodeId}/${copy.dispatched.id}`;
      const seen = byKey.get(key);
      byKey.set(key, seen ? { ...seen, role: seen.role === 'target' ? seen.role : copy.role, targetIds: [...seen.targetIds, ...copy.targetIds] } : copy);
    }
    const rows = [...byKey.values()].map(({ nodeId, role, dispatched }) => ({
      node_id: nodeId,
      id: dispatched.id,
      flow: flow.kind,
      role,
      issuer_id: dispatched.issuerId,
      title: dispatched.title,
      content: dispatched.content,
      dispatched_at: dispatched.dispatchedAt,
    }));
    await manager.query(
      `INSERT INTO dispatch (node_id, id, flow, role, issuer_id, title, content, dispatched_at)
       SELECT node_id, id, flow, role, issuer_id, title, content, dispatched_at
       FROM jsonb_to_recordset($1::jsonb) AS r(node_id varchar, id uuid, flow varchar, role varchar, issuer_id varchar, title varchar, content jsonb, dispatched_at timestamptz)
       ON CONFLICT (node_id, id) DO UPDATE SET role = EXCLUDED.role WHERE dispatch.role = 'relay' AND EXCLUDED.role = 'target'`,
      [JSON.stringify(rows)],
    );
    const targets = [...byKey.values()].flatMap(({ nodeId, dispatched, targetIds }) => targetIds.map((targetId) => ({ nodeId, dispatchId: dispatched.id, targetId })));
    await manager.query(
      `INSERT INTO dispatch_target (node_id, dispatch_id, target_id, state, updated_at)
       SELECT node_id, dispatch_id, target_id, $4, now() FROM unnest($1::varchar[], $2::uuid[], $3::varchar[]) AS t(node_id, dispatch_id, target_id)
       ON CONFLICT DO NOTHING`,
      [targets.map((t) => t.nodeId), targets.map((t) => t.dispatchId), targets.map((t) => t.targetId), flow.rules.initial],
    );
    for (const { nodeId, dispatchId, targetId } of targets) this.events.queue(manager, { nodeId, kind: flow.kind, subjectId: dispatchId, targetId, state: flow.rules.initial });
  }

  /**
   * What the target owes as soon as the dispatch reaches it, tracked at the target in the unit of
   * work of its delivery. Its subject is the target's own (ancestors keep every target's copy, one
   * per subject).
   */
  async owedOnArrival(work: UnitOfWork, flow: AnyFlow, targetId: string, dispatched: DispatchedMessage<unknown>): Promise<void> {
    const owed = flow.rules.onDispatch?.(dispatched.content);
    if (owed) await this.owe(work, targetId, dispatched, uuidv5(`${dispatched.id}/${targetId}`, ARRIVAL_NAMESPACE), owed);
  }

  /**
   * Records a step of one target's exchange at one node, once (by its id). The acting node is
   * strict: a step its rules refuse throws. A level that receives the step keeps it in the history
   * even when crossing steps have moved the state elsewhere. At the target's own copy, the step
   * opens, meets or cancels the target's obligations. False when nothing was recorded.
   */
  async recordStep(work: UnitOfWork, flow: AnyFlow, nodeId: string, dispatch: Dispatch, step: StepMessage<StepBody>, actor: DispatchActor, strict: boolean): Promise<boolean> {
    const where = { nodeId, dispatchId: dispatch.id, targetId: step.targetId };
    const target = await work.manager.findOne(DispatchTarget, { where, lock: { mode: 'pessimistic_write' } });
    if (!target) throw flow.refuse(DispatchRefusal.NotFound, `dispatch ${dispatch.id} has no target ${step.targetId} at ${nodeId}`);
    if (await work.manager.exists(DispatchStep, { where: { nodeId, stepId: step.stepId } })) return false;
    const moved = transition(flow.rules, target.state, step.body, actor);
    if ('unchanged' in moved) return false;
    if ('refused' in moved && strict) throw flow.refuse(DispatchRefusal.IllegalStep, moved.refused, { state: target.state, step: step.body.kind });
    const state = 'state' in moved ? moved.state : target.state;
    await work.manager.update(DispatchTarget, where, { state, updatedAt: new Date(step.at) });
    const byNode = actor === 'issuer' ? dispatch.issuerId : step.targetId;
    await work.manager.insert(DispatchStep, { nodeId, stepId: step.stepId, dispatchId: dispatch.id, targetId: step.targetId, kind: step.body.kind, byNode, data: step.body, at: new Date(step.at) });
    this.events.queue(work.manager, { nodeId, kind: flow.kind, subjectId: dispatch.id, targetId: step.targetId, state });
    if ('state' in moved && nodeId === step.targetId) await this.settle(work, ruleOf(flow.rules, step.body.kind)!, dispatch, step);
    return true;
  }

  private async settle(work: UnitOfWork, rule: StepRule<string, StepBody>, dispatch: Dispatch, step: StepMessage<StepBody>): Promise<void> {
    if (rule.cancels) await this.deadlines.cancelRecord(work, step.targetId, dispatch.id);
    if (rule.meets?.length) await this.deadlines.meetRecord(work, step.targetId, dispatch.id, rule.meets);
    const owed = rule.opens?.(step.body);
    if (owed) await this.owe(work, step.targetId, { id: dispatch.id, issuerId: dispatch.issuerId, title: dispatch.title }, step.stepId, owed);
  }

  /** The target owes it to the issuer, who is alerted (as is the target's parent) when it is missed. */
  private async owe(work: UnitOfWork, ownerNodeId: string, dispatch: Pick<DispatchedMessage<unknown>, 'id' | 'issuerId' | 'title'>, subjectId: string, owed: Obligation): Promise<void> {
    await this.deadlines.track(work, ownerNodeId, {
      kind: owed.kind,
      recordId: dispatch.id,
      subjectId,
      title: `${dispatch.title}：${DEADLINE_KIND_LABELS[owed.kind]}`,
      dueOn: localDateOf(new Date(owed.dueDate)),
      supervisingNodeId: dispatch.issuerId,
    });
  }
}
