import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { resolveTargets } from '../common/target-scope';
import { Dispatch } from '../dispatch/dispatch.entity';
import { DispatchService } from '../dispatch/dispatch.service';
import { NotifySpecialCheckInput, RequireCheckRectificationInput, ReviewCheckRectificationInput, SpecialCheckReportInput, WithdrawSpecialCheckInput } from './dto/special-check.input';
import { ReviewVerdict } from './special-check.enums';
import { SpecialCheckErrorCode, SpecialCheckException } from './special-check.exception';
import { SPECIAL_CHECK } from './special-check.flow';

/** A check's inputs as steps of the dispatch engine; the engine records them at every level on the way. */
@Injectable()
export class SpecialCheckService {
  constructor(
    private readonly dispatches: DispatchService,
    private readonly registry: Registry,
  ) {}

  async notify(input: NotifySpecialCheckInput): Promise<Dispatch> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    assertFuture(input.dueDate);
    return this.dispatches.dispatch(SPECIAL_CHECK, {
      issuerId: input.nodeId,
      title: input.title.trim(),
      content: { subject: input.subject.trim(), requirements: input.requirements.trim(), dueDate: input.dueDate.toISOString() },
      targets,
    });
  }

  async reportSelfCheck(input: SpecialCheckReportInput): Promise<Dispatch> {
    return this.dispatches.act(SPECIAL_CHECK, input.nodeId, input.checkId, input.nodeId, 'target', { kind: 'self_check_reported', report: input.report.trim() });
  }

  async requireRectification(input: RequireCheckRectificationInput): Promise<Dispatch> {
    assertFuture(input.dueDate);
    return this.dispatches.act(SPECIAL_CHECK, input.nodeId, input.checkId, input.targetId, 'issuer', {
      kind: 'rectification_required',
      findings: input.findings.trim(),
      requirements: input.requirements.trim(),
      dueDate: input.dueDate.toISOString(),
    });
  }

  async reportRectification(input: SpecialCheckReportInput): Promise<Dispatch> {
    return this.dispatches.act(SPECIAL_CHECK, input.nodeId, input.checkId, input.nodeId, 'target', { kind: 'rectification_reported', report: input.report.trim() });
  }

  async review(input: ReviewCheckRectificationInput): Promise<Dispatch> {
    const reasons = input.reasons?.trim() ?? '';
    if (input.verdict === ReviewVerdict.Returned && !reasons) {
      throw new SpecialCheckException(SpecialCheckErrorCode.ReasonsRequired, 'a returned rectification report needs the reasons');
    }
    return this.dispatches.act(SPECIAL_CHECK, input.nodeId, input.checkId, input.targetId, 'issuer', { kind: 'reviewed', verdict: input.verdict, reasons });
  }

  /** Ends the check for every checked level not yet accepted; what they owed it is cancelled. */
  async withdraw(input: WithdrawSpecialCheckInput): Promise<Dispatch> {
    return this.dispatches.actOnAll(SPECIAL_CHECK, input.nodeId, input.checkId, { kind: 'withdrawn', reason: input.reason.trim() });
  }
}

function assertFuture(date: Date): void {
  if (date.getTime() <= Date.now()) throw new SpecialCheckException(SpecialCheckErrorCode.DueDatePassed, `the due date ${date.toISOString()} has already passed`);
}
