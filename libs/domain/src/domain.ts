import { DynamicModule, Type } from '@nestjs/common';
import { AccountModule } from './account/account.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { CoverageModule } from './full-coverage/coverage.module';
import { Coverage1763802000000 } from './migrations/1763802000000-coverage';
import { Analytics1763801000000 } from './migrations/1763801000000-analytics';
import { AnalyticsSubjectIndex1763803000000 } from './migrations/1763803000000-analytics-subject-index';
import { Audit1763800000000 } from './migrations/1763800000000-audit';
import { AuditKeyset1763804000000 } from './migrations/1763804000000-audit-keyset';
import { AuditAnchor1763805000000 } from './migrations/1763805000000-audit-anchor';
import { LinkageTaskModule } from './linkage-task/linkage-task.module';
import { LinkageTask1763780000000 } from './migrations/1763780000000-linkage-task';
import { LinkageTaskViaChild1763806000000 } from './migrations/1763806000000-linkage-task-via-child';
import { AnalyticsLinkageBulk1763807000000 } from './migrations/1763807000000-analytics-linkage-bulk';
import { LinkageTaskSentRev1763808000000 } from './migrations/1763808000000-linkage-task-sent-rev';
import { AnalyticsLinkageUpdates1763809000000 } from './migrations/1763809000000-analytics-linkage-updates';
import { AnalyticsLinkageMoves1763810000000 } from './migrations/1763810000000-analytics-linkage-moves';
import { LinkageTaskProvenance1796618411063 } from './migrations/1796618411063-linkage-task-provenance';
import { SupervisionTeam1763781000000 } from './migrations/1763781000000-supervision-team';
import { SpecialCheck1763782000000 } from './migrations/1763782000000-special-check';
import { Notice1763783000000 } from './migrations/1763783000000-notice';
import { NoticeModule } from './notice/notice.module';
import { SpecialCheckModule } from './special-check/special-check.module';
import { SupervisionTeamModule } from './supervision-team/supervision-team.module';
import { DeadlineModule } from './deadlines/deadline.module';
import { Deadlines1763790000000 } from './migrations/1763790000000-deadlines';
import { FilingModule } from './filing/filing.module';
import { Filings1763790100000 } from './migrations/1763790100000-filings';
import { OutcomeSharing1763790200000 } from './migrations/1763790200000-outcome-sharing';
import { OutcomeSharingModule } from './outcome-sharing/outcome-sharing.module';
import { ProblemClueModule } from './problem-clue/problem-clue.module';
import { ProblemClues1763790300000 } from './migrations/1763790300000-problem-clues';
import { Rectification1763790400000 } from './migrations/1763790400000-rectification';
import { RectificationModule } from './rectification/rectification.module';
import { Accounts1796615954521 } from './migrations/1796615954521-accounts';
import { OrganisationsAndRounds1796617478605 } from './migrations/1796617478605-organisations-and-rounds';
import { RectificationOrganisations1796617478606 } from './migrations/1796617478606-rectification-organisations';
import { CoverageTerms1796617478607 } from './migrations/1796617478607-coverage-terms';
import { AccountOrganisation1796617478608 } from './migrations/1796617478608-account-organisation';
import { OrganisationModule } from './organisation/organisation.module';
import { InspectionRoundModule } from './inspection-round/inspection-round.module';
import { Dispatch1796620637632 } from './migrations/1796620637632-dispatch';
import { DeadlineSupervisingNode1796620644150 } from './migrations/1796620644150-deadline-supervising-node';
import { AnalyticsDispatchDeadlines1796622362400 } from './migrations/1796622362400-analytics-dispatch-deadlines';

/**
 * The feature modules and migrations of the domain, in the order a host loads them. Every host
 * runs every feature: a message type must have its handler wherever it can arrive.
 */
export const domainFeatures: Array<Type | DynamicModule> = [AuditModule, LinkageTaskModule, SupervisionTeamModule, SpecialCheckModule, NoticeModule, DeadlineModule, FilingModule, OutcomeSharingModule, ProblemClueModule, RectificationModule, CoverageModule, OrganisationModule, InspectionRoundModule, AnalyticsModule, AccountModule];

export const domainMigrations: Array<Type> = [LinkageTask1763780000000, SupervisionTeam1763781000000, SpecialCheck1763782000000, Notice1763783000000, Deadlines1763790000000, Filings1763790100000, OutcomeSharing1763790200000, ProblemClues1763790300000, Rectification1763790400000, Audit1763800000000, Analytics1763801000000, Coverage1763802000000, AnalyticsSubjectIndex1763803000000, AuditKeyset1763804000000, AuditAnchor1763805000000, LinkageTaskViaChild1763806000000, AnalyticsLinkageBulk1763807000000, LinkageTaskSentRev1763808000000, AnalyticsLinkageUpdates1763809000000, AnalyticsLinkageMoves1763810000000, LinkageTaskProvenance1796618411063, Accounts1796615954521, OrganisationsAndRounds1796617478605, RectificationOrganisations1796617478606, CoverageTerms1796617478607, AccountOrganisation1796617478608, Dispatch1796620637632, DeadlineSupervisingNode1796620644150, AnalyticsDispatchDeadlines1796622362400];
