import { Injectable } from '@nestjs/common';
import { FederationTransactions, Registry, UnitOfWork } from '@app/federation';
import { v7 as uuidv7 } from 'uuid';
import { fanOutOrder } from '../common/target-scope';
import { AnyFlow, BodyOf, ContentOf, DispatchRefusal, StepMessage } from './dispatch-flow';
import { DispatchRecords } from './dispatch-records';
import { DispatchActor, StepBody, transition } from './dispatch-rules';
import { Dispatch, DispatchTarget } from './dispatch.entity';

/** A new dispatch as a flow's service describes it; the engine gives it its id and time. */
export interface NewDispatch<C> {
  issuerId: string;
  title: string;
  content: C;
  /** Strictly below the issuer (`resolveTargets`). */
  targets: readonly string[];
}

/**
 * What the nodes at either end of a dispatch do: the issuer dispatches to its targets and takes its
 * steps towards one target or all of them; a target takes its steps towards the issuer. Each is
 * recorded here by the flow's rules and sent to the other end in the same transaction, every level
 * on the way recording it too.
 */
@Injectable()
export class DispatchService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly registry: Registry,
    private readonly records: DispatchRecords,
  ) {}

  dispatch<F extends AnyFlow>(flow: F, input: NewDispatch<ContentOf<F>>): Promise<Dispatch> {
    const dispatched = { id: uuidv7(), issuerId: input.issuerId, title: input.title, content: input.content, dispatchedAt: new Date().toISOString() };
    const targets = fanOutOrder(this.registry, input.issuerId, [...input.targets]);
    return this.transactions.run(async (tx) => {
      await this.records.recordDispatches(tx.manager, flow, [{ nodeId: input.issuerId, role: 'issuer', dispatched, targetIds: targets }]);
      const payload = flow.writeDispatched(dispatched);
      for (const target of targets) tx.emit({ type: flow.messages.dispatched, from: input.issuerId, destination: target, correlationId: dispatched.id, payload });
      return this.held(tx, flow, input.issuerId, dispatched.id);
    });
  }

  /** A step of one target's exchange, by the issuer (towards that target) or by the target itself. */
  act<F extends AnyFlow>(flow: F, nodeId: string, dispatchId: string, targetId: string, actor: DispatchActor, body: BodyOf<F>): Promise<Dispatch> {
    return this.transactions.run(async (tx) => {
      const dispatch = await this.held(tx, flow, nodeId, dispatchId);
      this.assertActor(flow, dispatch, actor);
      await this.take(tx, flow, dispatch, { dispatchId, targetId, stepId: uuidv7(), body, at: new Date().toISOString() }, actor);
      return dispatch;
    });
  }

  /** An issuer's step towards every target whose state allows it (a withdrawal); refused when none does. */
  actOnAll<F extends AnyFlow>(flow: F, nodeId: string, dispatchId: string, body: BodyOf<F>): Promise<Dispatch> {
    return this.transactions.run(async (tx) => {
      const dispatch = await this.held(tx, flow, nodeId, dispatchId);
      this.assertActor(flow, dispatch, 'issuer');
      const targets = await tx.manager.find(DispatchTarget, { where: { nodeId, dispatchId }, lock: { mode: 'pessimistic_write' } });
      const open = targets.filter((target) => 'state' in transition(flow.rules, target.state, body, 'issuer')).map((target) => target.targetId);
      if (open.length === 0) throw flow.refuse(DispatchRefusal.IllegalStep, `no target of ${dispatchId} can take the step ${body.kind} now`, { step: body.kind });
      const at = new Date().toISOString();
      for (const targetId of fanOutOrder(this.registry, nodeId, open)) await this.take(tx, flow, dispatch, { dispatchId, targetId, stepId: uuidv7(), body, at }, 'issuer');
      return dispatch;
    });
  }

  private async take(tx: UnitOfWork, flow: AnyFlow, dispatch: Dispatch, draft: StepMessage<StepBody>, actor: DispatchActor): Promise<void> {
    // The acting node records the step as every other level will read it from its message.
    const payload = flow.writeStep(draft);
    const step = flow.readStep(payload);
    if (!(await this.records.recordStep(tx, flow, dispatch.nodeId, dispatch, step, actor, true))) return;
    const destination = actor === 'issuer' ? step.targetId : dispatch.issuerId;
    tx.emit({ type: flow.messages.step, from: dispatch.nodeId, destination, correlationId: dispatch.id, payload });
  }

  private async held(tx: UnitOfWork, flow: AnyFlow, nodeId: string, id: string): Promise<Dispatch> {
    const dispatch = await tx.manager.findOne(Dispatch, { where: { nodeId, id, flow: flow.kind } });
    if (!dispatch) throw flow.refuse(DispatchRefusal.NotFound, `node ${nodeId} holds no ${flow.kind} ${id}`);
    return dispatch;
  }

  private assertActor(flow: AnyFlow, dispatch: Dispatch, actor: DispatchActor): void {
    if (actor === 'issuer' && dispatch.role !== 'issuer') {
      throw flow.refuse(DispatchRefusal.NotIssuer, `${dispatch.id} was dispatched by ${dispatch.issuerId}; only it takes this step`);
    }
    if (actor === 'target' && dispatch.role !== 'target') throw flow.refuse(DispatchRefusal.NotTarget, `node ${dispatch.nodeId} is not a target of ${dispatch.id}`);
  }
}
