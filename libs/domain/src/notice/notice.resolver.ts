import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller, Role } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { AcknowledgeNoticeInput, IssueNoticeInput } from './dto/notice.input';
import { Notice } from './notice.entity';
import { NoticeRole } from './notice.enums';
import { NoticeQueries } from './notice.queries';
import { NoticeService } from './notice.service';
import { NoticePage, NoticeReceipt, NoticeView } from './notice.types';

@Resolver(() => NoticeView)
export class NoticeResolver {
  constructor(
    private readonly noticeService: NoticeService,
    private readonly queries: NoticeQueries,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  @Mutation(() => NoticeView, { description: 'Notify the subtree, or listed nodes, of common or tendency problems' })
  issueNotice(@CurrentCaller() caller: Caller, @Args('input') input: IssueNoticeInput): Promise<NoticeView> {
    this.jurisdiction.act(caller, input.nodeId);
    return this.view(this.noticeService.issue(input));
  }

  @Mutation(() => NoticeView, { description: 'Acknowledge having read a notice; the issuer sees it' })
  acknowledgeNotice(@CurrentCaller() caller: Caller, @Args('input') input: AcknowledgeNoticeInput): Promise<NoticeView> {
    // Reading is for whoever runs the office or leads it, not only the inspection office.
    this.jurisdiction.act(caller, input.nodeId, Role.InspectionOffice, Role.LeadingGroup);
    return this.view(this.noticeService.acknowledge(input));
  }

  @Query(() => NoticePage, { description: 'Notices a node issued, received or relays, newest first' })
  notices(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => NoticeRole, nullable: true }) role?: NoticeRole,
    @Args('unreadOnly', { defaultValue: false, description: 'Only notices this node has not yet acknowledged' }) unreadOnly?: boolean,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<NoticePage> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.list(nodeId, role ?? undefined, !!unreadOnly, page ?? new PageInput());
  }

  @Query(() => NoticeView)
  notice(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<NoticeView> {
    this.jurisdiction.read(caller, nodeId);
    return this.queries.get(nodeId, id);
  }

  @ResolveField(() => [NoticeReceipt], { description: 'Every recipient this node sees and when it read the notice' })
  recipients(@Parent() notice: NoticeView): Promise<NoticeReceipt[]> {
    return this.queries.receipts(notice.nodeId, notice.id, false);
  }

  @ResolveField(() => [NoticeReceipt], { description: 'Recipients that have not acknowledged reading yet' })
  unread(@Parent() notice: NoticeView): Promise<NoticeReceipt[]> {
    return this.queries.receipts(notice.nodeId, notice.id, true);
  }

  private async view(notice: Promise<Notice>): Promise<NoticeView> {
    const { nodeId, noticeId } = await notice;
    return this.queries.get(nodeId, noticeId);
  }
}
