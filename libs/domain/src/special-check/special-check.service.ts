import { Injectable } from '@nestjs/common';
import { FederationTransactions, MessageType, Registry, SpecialCheckNotifiedPayload, SpecialCheckStepBody, SpecialCheckStepPayload } from '@app/federation';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DownwardKind, StatusEvents } from '../common/status-events';
import { fanOutOrder, resolveTargets } from '../common/target-scope';
import { NotifySpecialCheckInput, RequireCheckRectificationInput, ReviewCheckRectificationInput, SpecialCheckReportInput } from './dto/special-check.input';
import { SpecialCheck, SpecialCheckStepRecord, SpecialCheckTarget } from './special-check.entity';
import { CheckActor, ReviewVerdict, SpecialCheckRole, SpecialCheckState, SpecialCheckStepKind } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';
import { nextCheckState } from './special-check.state-machine';

/**
 * Special checks of lower levels' inspection work: the notice goes down to each checked node; every
 * step of a checked node's exchange is recorded at both ends and at each level in between.
 */
@Injectable()
export class SpecialCheckService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly registry: Registry,
    private readonly events: StatusEvents,
  ) {}

  async notify(input: NotifySpecialCheckInput): Promise<SpecialCheck> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    assertFuture(input.dueDate);
    const notified: SpecialCheckNotifiedPayload = {
      checkId: uuidv7(),
      issuerId: input.nodeId,
      title: input.title.trim(),
      subject: input.subject.trim(),
      requirements: input.requirements.trim(),
      dueDate: input.dueDate.toISOString(),
      notifiedAt: new Date().toISOString(),
    };
    return this.transactions.run(async (tx) => {
      const check = await this.record(tx.manager, input.nodeId, notified, SpecialCheckRole.Checker);
      for (const target of fanOutOrder(this.registry, input.nodeId, targets)) {
        await this.addTarget(tx.manager, check, target);
        tx.emit({ type: MessageType.SpecialCheckNotified, from: input.nodeId, destination: target, correlationId: check.checkId, payload: notified });
      }
      return check;
    });
  }

  reportSelfCheck(input: SpecialCheckReportInput): Promise<SpecialCheck> {
    return this.act(input.nodeId, input.checkId, input.nodeId, 'checked', { kind: 'self_check_reported', report: input.report.trim() });
  }

  requireRectification(input: RequireCheckRectificationInput): Promise<SpecialCheck> {
    assertFuture(input.dueDate);
    return this.act(input.nodeId, input.checkId, input.targetId, 'checker', {
      kind: 'rectification_required',
      findings: input.findings.trim(),
      requirements: input.requirements.trim(),
      dueDate: input.dueDate.toISOString(),
    });
  }

  reportRectification(input: SpecialCheckReportInput): Promise<SpecialCheck> {
    return this.act(input.nodeId, input.checkId, input.nodeId, 'checked', { kind: 'rectification_reported', report: input.report.trim() });
  }

  review(input: ReviewCheckRectificationInput): Promise<SpecialCheck> {
    const reasons = input.reasons?.trim() ?? '';
    if (input.verdict === ReviewVerdict.Returned && !reasons) {
      throw new SpecialCheckException(SpecialCheckErrorCode.ReasonsRequired, 'a returned rectification report needs the reasons');
    }
    return this.act(input.nodeId, input.checkId, input.targetId, 'checker', { kind: 'reviewed', verdict: input.verdict, reasons });
  }

  async record(manager: EntityManager, nodeId: string, notified: SpecialCheckNotifiedPayload, role: SpecialCheckRole): Promise<SpecialCheck> {
    const existing = await manager.findOne(SpecialCheck, { where: { nodeId, checkId: notified.checkId } });
    if (existing) {
      if (existing.role === SpecialCheckRole.Relay && role === SpecialCheckRole.Checked) await manager.update(SpecialCheck, { nodeId, checkId: existing.checkId }, { role });
      return existing;
    }
    const check = manager.create(SpecialCheck, {
      nodeId,
      checkId: notified.checkId,
      role,
      issuerId: notified.issuerId,
      title: notified.title,
      subject: notified.subject,
      requirements: notified.requirements,
      dueDate: new Date(notified.dueDate),
      notifiedAt: new Date(notified.notifiedAt),
    });
    await manager.insert(SpecialCheck, check);
    return check;
  }

  async addTarget(manager: EntityManager, check: SpecialCheck, targetId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(SpecialCheckTarget)
      .values({ nodeId: check.nodeId, checkId: check.checkId, targetId, state: SpecialCheckState.Notified, updatedAt: new Date() })
      .orIgnore()
      .execute();
    this.events.queue(manager, { nodeId: check.nodeId, kind: DownwardKind.SpecialCheck, subjectId: check.checkId, targetId, state: SpecialCheckState.Notified });
  }

  /** The acting node is strict; a level that receives the step records it even if crossing steps moved the state on. */
  async recordStep(manager: EntityManager, nodeId: string, check: SpecialCheck, payload: SpecialCheckStepPayload, actor: CheckActor, strict: boolean): Promise<void> {
    const where = { nodeId, checkId: check.checkId, targetId: payload.targetId };
    const target = await manager.findOne(SpecialCheckTarget, { where, lock: { mode: 'pessimistic_write' } });
    if (!target) throw new SpecialCheckException(SpecialCheckErrorCode.NotFound, `check ${check.checkId} does not cover ${payload.targetId}`);
    if (await manager.exists(SpecialCheckStepRecord, { where: { nodeId, stepId: payload.stepId } })) return;
    let state = target.state;
    try {
      state = nextCheckState(target.state, payload.step, actor);
    } catch (error) {
      if (strict) throw error;
    }
    await manager.update(SpecialCheckTarget, where, { state, updatedAt: new Date() });
    const byNode = actor === 'checker' ? check.issuerId : payload.targetId;
    await manager.insert(SpecialCheckStepRecord, {
      nodeId,
      stepId: payload.stepId,
      checkId: check.checkId,
      targetId: payload.targetId,
      kind: payload.step.kind as SpecialCheckStepKind,
      byNode,
      data: payload.step,
      at: new Date(payload.at),
    });
    this.events.queue(manager, { nodeId, kind: DownwardKind.SpecialCheck, subjectId: check.checkId, targetId: payload.targetId, state });
  }

  private act(nodeId: string, checkId: string, targetId: string, actor: CheckActor, step: SpecialCheckStepBody): Promise<SpecialCheck> {
    return this.transactions.run(async (tx) => {
      const check = await tx.manager.findOne(SpecialCheck, { where: { nodeId, checkId } });
      if (!check) throw new SpecialCheckException(SpecialCheckErrorCode.NotFound, `node ${nodeId} has no special check ${checkId}`);
      if (actor === 'checker' && check.role !== SpecialCheckRole.Checker) {
        throw new SpecialCheckException(SpecialCheckErrorCode.NotChecker, `check ${checkId} is run by ${check.issuerId}; only it sends requirements and reviews`);
      }
      if (actor === 'checked' && check.role !== SpecialCheckRole.Checked) {
        throw new SpecialCheckException(SpecialCheckErrorCode.NotChecked, `node ${nodeId} is not checked by ${checkId}`);
      }
      const payload: SpecialCheckStepPayload = { checkId, targetId, stepId: uuidv7(), step, at: new Date().toISOString() };
      await this.recordStep(tx.manager, nodeId, check, payload, actor, true);
      const destination = actor === 'checker' ? targetId : check.issuerId;
      tx.emit({ type: MessageType.SpecialCheckStep, from: nodeId, destination, correlationId: checkId, payload });
      return check;
    });
  }
}

function assertFuture(date: Date): void {
  if (date.getTime() <= Date.now()) throw new SpecialCheckException(SpecialCheckErrorCode.DueDatePassed, `the due date ${date.toISOString()} has already passed`);
}
