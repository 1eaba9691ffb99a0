import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Caller, CurrentCaller, Role } from '@app/federation';
import { Jurisdiction } from '../common/jurisdiction';
import { PageInput } from '../common/pagination';
import { dispatchRoleOf } from '../dispatch/dispatch-flow';
import { Dispatch } from '../dispatch/dispatch.entity';
import { DispatchQueries, DispatchRecord } from '../dispatch/dispatch.queries';
import { AcknowledgeNoticeInput, IssueNoticeInput } from './dto/notice.input';
import { NoticeReadState, NoticeRole } from './notice.enums';
import { NOTICE } from './notice.flow';
import { NoticeService } from './notice.service';
import { NoticePage, NoticeReceipt, NoticeView } from './notice.types';
import { NOTICE_ROLES, noticeView, receiptView } from './notice.views';

@Resolver(() => NoticeView)
export class NoticeResolver {
  constructor(
    private readonly noticeService: NoticeService,
    private readonly queries: DispatchQueries,
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
  async notices(
    @CurrentCaller() caller: Caller,
    @Args('nodeId', { type: () => ID }) nodeId: string,
    @Args('role', { type: () => NoticeRole, nullable: true }) role?: NoticeRole,
    @Args('unreadOnly', { defaultValue: false, description: 'Only notices this node has not yet acknowledged' }) unreadOnly?: boolean,
    @Args('page', { type: () => PageInput, nullable: true }) page?: PageInput,
  ): Promise<NoticePage> {
    this.jurisdiction.read(caller, nodeId);
    const filter = { role: dispatchRoleOf(NOTICE_ROLES, role), ownState: unreadOnly ? NoticeReadState.Delivered : undefined };
    const found = await this.queries.list(NOTICE, nodeId, filter, page ?? new PageInput());
    return { items: await Promise.all(found.items.map((record) => this.withCounts(record))), nextCursor: found.nextCursor };
  }

  @Query(() => NoticeView)
  async notice(@CurrentCaller() caller: Caller, @Args('nodeId', { type: () => ID }) nodeId: string, @Args('id', { type: () => ID }) id: string): Promise<NoticeView> {
    this.jurisdiction.read(caller, nodeId);
    return this.withCounts(await this.queries.get(NOTICE, nodeId, id));
  }

  @ResolveField(() => [NoticeReceipt], { description: 'Every recipient this node sees and when it read the notice' })
  async recipients(@Parent() notice: NoticeView): Promise<NoticeReceipt[]> {
    return (await this.queries.targets(notice.nodeId, notice.id)).map(receiptView);
  }

  @ResolveField(() => [NoticeReceipt], { description: 'Recipients that have not acknowledged reading yet' })
  async unread(@Parent() notice: NoticeView): Promise<NoticeReceipt[]> {
    return (await this.queries.targets(notice.nodeId, notice.id, { states: [NoticeReadState.Delivered] })).map(receiptView);
  }

  private async withCounts(record: DispatchRecord): Promise<NoticeView> {
    return noticeView(record, await this.queries.tally(record.nodeId, record.id));
  }

  private async view(notice: Promise<Dispatch>): Promise<NoticeView> {
    const { nodeId, id } = await notice;
    return this.withCounts(await this.queries.get(NOTICE, nodeId, id));
  }
}
