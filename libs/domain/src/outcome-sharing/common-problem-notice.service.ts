import { Injectable } from '@nestjs/common';
import { Registry } from '@app/federation';
import { NoticeCategory } from '../notice/notice.enums';
import { NoticeService } from '../notice/notice.service';
import { NoticeCommonProblemInput } from './dto/share-outcome.input';
import { PROBLEM_CATEGORY_LABEL } from './outcome.enums';
import { OutcomeErrorCode, OutcomeException } from './outcome-sharing.exception';
import { OutcomeSharingService } from './outcome-sharing.service';
import { CommonProblemNotice } from './outcome.types';

/** 以上促下: a problem reported across the subtree goes back down to all of it as a notice (通报). */
@Injectable()
export class CommonProblemNotices {
  constructor(
    private readonly outcomes: OutcomeSharingService,
    private readonly notices: NoticeService,
    private readonly registry: Registry,
  ) {}

  async issue(input: NoticeCommonProblemInput): Promise<CommonProblemNotice> {
    const problem = (await this.outcomes.statistics(input.nodeId, null, input.minNodes)).find((stat) => stat.category === input.category);
    if (!problem) {
      throw new OutcomeException(OutcomeErrorCode.NotCommon, `fewer than ${input.minNodes} nodes below ${input.nodeId} reported ${input.category} problems`);
    }
    const label = PROBLEM_CATEGORY_LABEL[input.category];
    const names = problem.reportingNodes.map((id) => this.registry.find(id)?.name ?? id).join('、');
    const summary = `${names}等${problem.reportingNodes.length}个单位共报送${label}问题${problem.total}个，属普遍性问题。请对照检查、举一反三，抓好整改。`;
    const title = input.title ?? `关于${label}问题的通报`;
    const notice = await this.notices.issue({
      nodeId: input.nodeId,
      title,
      body: input.requirements ? `${summary}\n${input.requirements}` : summary,
      category: NoticeCategory.Common,
      scope: { wholeSubtree: true },
    });
    return { noticeId: notice.id, title, category: input.category, reportingNodes: problem.reportingNodes };
  }
}
