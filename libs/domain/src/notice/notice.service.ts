import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { resolveTargets } from '../common/target-scope';
import { Dispatch } from '../dispatch/dispatch.entity';
import { DispatchService } from '../dispatch/dispatch.service';
import { AcknowledgeNoticeInput, IssueNoticeInput } from './dto/notice.input';
import { NOTICE } from './notice.flow';

/** Notices go down to every recipient, each level on the way recording them; read receipts come back up the same way. */
@Injectable()
export class NoticeService {
  constructor(
    private readonly dispatches: DispatchService,
    private readonly registry: Registry,
  ) {}

  async issue(input: IssueNoticeInput): Promise<Dispatch> {
    const targets = resolveTargets(this.registry, input.nodeId, input.scope);
    return this.dispatches.dispatch(NOTICE, { issuerId: input.nodeId, title: input.title.trim(), content: { body: input.body.trim(), category: input.category }, targets });
  }

  async acknowledge(input: AcknowledgeNoticeInput): Promise<Dispatch> {
    return this.dispatches.act(NOTICE, input.nodeId, input.noticeId, input.nodeId, 'target', { kind: 'read' });
  }
}
