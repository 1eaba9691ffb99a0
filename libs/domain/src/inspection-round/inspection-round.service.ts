import { Caller, FederationTransactions, HostContext, Tier, UnitOfWork } from '@app/federation';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import { localDateOf } from '../deadlines/local-date';
import { Filing } from '../filing/filing.entity';
import { FilingKind, FilingStatus } from '../filing/filing.enums';
import { FilingService } from '../filing/filing.service';
import { CoverageService } from '../full-coverage/coverage.service';
import { OrganisationQueries } from '../organisation/organisation.queries';
import { RectificationSupervision } from '../rectification/rectification-supervision.service';
import { ArrangeRoundInput, GiveRoundFeedbackInput, HearRoundReportInput, PlanRoundInput, ReopenRectificationItemsInput, RoundStepInput } from './dto/inspection-round.inputs';
import { InspectionRound, InspectionTeam, RoundEvent, RoundRevisit, RoundTarget } from './inspection-round.entity';
import { RoundKind, RoundState } from './inspection-round.enums';
import { RoundErrorCode, RoundException } from './inspection-round.exception';
import { RoundSharing } from './round-sharing';
import { assertTargets, assertTeams, concernedNodes } from './round-rules';
import { RoundAct, assertStepDate, roundAfter } from './round-state';

const KIND_WORD: Record<RoundKind, string> = { regular: '', special: '专项', mobile: '机动式', look_back: '“回头看”' };

/**
 * A node's rounds (第N轮巡视巡察) from plan to hand-over: every step dated and kept as an event, the
 * plan and the arrangement filed with the parent (报备), the feedback to each target opening its
 * rectification, and the round shared with every other node concerned after each change.
 */
@Injectable()
export class InspectionRoundService {
  constructor(
    private readonly transactions: FederationTransactions,
    private readonly host: HostContext,
    private readonly organisations: OrganisationQueries,
    private readonly filings: FilingService,
    private readonly rectifications: RectificationSupervision,
    private readonly sharing: RoundSharing,
    private readonly coverage: CoverageService,
  ) {}

  async plan(input: PlanRoundInput, caller: Caller): Promise<InspectionRound> {
    this.assertServed(input.nodeId);
    const { plannedStationOn: station, plannedStationEndOn: stationEnd, plannedFeedbackOn: feedback } = input;
    if (!(station <= stationEnd && stationEnd <= feedback)) throw new RoundException(RoundErrorCode.InvalidDate, 'the planned dates run 动员进驻 ≤ 结束进驻 ≤ 反馈');
    if (Number(station.slice(0, 4)) !== input.year) throw new RoundException(RoundErrorCode.InvalidDate, `a round of ${input.year} stations in ${input.year}, not on ${station}`);
    return this.transactions.run(async (tx) => {
      const m = tx.manager;
      const revisits = await this.revisits(m, input);
      const targetIds = input.kind === RoundKind.LookBack ? [...new Set(revisits.map((r) => r.organisationId))] : (input.targetIds ?? []);
      if (targetIds.length === 0) throw new RoundException(RoundErrorCode.InvalidTarget, 'a round needs at least one target');
      const orgs = await Promise.all(
        targetIds.map((id) =>
          this.organisations.held(m, input.nodeId, id).catch(() => {
            throw new RoundException(RoundErrorCode.NotInspector, `organisation ${id} is in no register of ${input.nodeId} or below it`);
          }),
        ),
      );
      assertTargets(this.host.registry, input.nodeId, input.mode, orgs, station);
      if (await m.existsBy(InspectionRound, { nodeId: input.nodeId, ownerNodeId: input.nodeId, year: input.year, ordinal: input.ordinal })) {
        throw new RoundException(RoundErrorCode.OrdinalTaken, `${input.nodeId} already has round ${input.ordinal} of ${input.year}`);
      }
      const now = new Date();
      const round: InspectionRound = Object.assign(new InspectionRound(), {
        nodeId: input.nodeId,
        id: randomUUID(),
        ownerNodeId: input.nodeId,
        revision: 1,
        year: input.year,
        ordinal: input.ordinal,
        title: input.title?.trim() || this.defaultTitle(input),
        kind: input.kind,
        mode: input.mode,
        state: RoundState.Planned,
        plannedStationOn: station,
        plannedStationEndOn: stationEnd,
        plannedFeedbackOn: feedback,
        stationedOn: null,
        stationEndedOn: null,
        reportHeardOn: null,
        handedOverOn: null,
        lookBackOfRoundId: input.lookBack?.roundId ?? null,
        planFilingId: null as string | null,
        arrangementFilingId: null as string | null,
        createdAt: now,
        updatedAt: now,
      });
      const targets = orgs.map(
        (org): RoundTarget => ({ nodeId: round.nodeId, roundId: round.id, organisationId: org.id, name: org.name, kind: org.kind, inspectorNodeId: org.inspectorNodeId, regionNodeId: org.regionNodeId, teamId: null, feedbackReceivedOn: null, feedbackSummary: null, rectificationId: null }),
      );
      const plan = await this.filings.fileOwn(tx, {
        nodeId: round.nodeId,
        kind: FilingKind.InspectionPlan,
        title: `${round.title}工作计划`,
        dueOn: station,
        content: [`${round.title}（${round.kind}，${round.mode}）`, `计划：动员进驻 ${station}，结束进驻 ${stationEnd}，反馈 ${feedback}`, `巡视巡察对象：${orgs.map((org) => org.name).join('、')}`].join('\n'),
      });
      round.planFilingId = plan?.id ?? null;
      await m.insert(InspectionRound, round);
      await m.insert(RoundTarget, targets);
      if (revisits.length > 0) await m.insert(RoundRevisit, revisits.map((r) => ({ nodeId: round.nodeId, roundId: round.id, rectificationId: r.id, organisationId: r.organisationId })));
      await this.event(m, round, RoundAct.Amend, null, localDateOf(now), caller);
      await this.changed(tx, round, true);
      return round;
    });
  }

  /**
   * 轮次安排: the teams, their leaders and members, and whom each covers. Filed with the parent; once
   * filed it changes only after the parent returns it, and is then filed again.
   */
  async arrange(input: ArrangeRoundInput, caller: Caller): Promise<InspectionRound> {
    return this.transactions.run(async (tx) => {
      const m = tx.manager;
      const round = await this.own(m, input.nodeId, input.roundId);
      roundAfter(round.state, RoundAct.Arrange);
      const targets = await m.find(RoundTarget, { where: { nodeId: round.nodeId, roundId: round.id } });
      const teams = input.teams.map((team, position) =>
        Object.assign(new InspectionTeam(), { nodeId: round.nodeId, id: randomUUID(), roundId: round.id, name: team.name.trim(), leader: team.leader.trim(), members: team.members.map((name) => name.trim()), fromNodeId: team.fromNodeId ?? round.nodeId, position }),
      );
      assertTeams(this.host.registry, round.nodeId, round.mode, teams.map((team, i) => ({ ...team, targetIds: input.teams[i].targetIds })), targets.map((t) => ({ ...t, id: t.organisationId, activeFrom: '', activeTo: null })));
      const content = [`${round.title}轮次安排`, ...teams.map((team, i) => `${team.name}（${this.host.registry.node(team.fromNodeId).name}）组长：${team.leader}；成员：${team.members.join('、') || '—'}；对象：${targets.filter((t) => input.teams[i].targetIds.includes(t.organisationId)).map((t) => t.name).join('、')}`)].join('\n');
      await this.fileArrangement(tx, round, content);
      const formerly = concernedNodes(round.nodeId, await m.find(InspectionTeam, { where: { nodeId: round.nodeId, roundId: round.id } }), targets);
      await m.delete(InspectionTeam, { nodeId: round.nodeId, roundId: round.id });
      await m.insert(InspectionTeam, teams);
      for (const [i, team] of teams.entries()) await m.update(RoundTarget, { nodeId: round.nodeId, roundId: round.id, organisationId: In(input.teams[i].targetIds) }, { teamId: team.id });
      await this.event(m, round, RoundAct.Arrange, round.state, localDateOf(new Date()), caller);
      await this.changed(tx, round, false, formerly);
      return round;
    });
  }

  /** 动员进驻: every target must be covered by a team. */
  station(input: RoundStepInput, caller: Caller): Promise<InspectionRound> {
    return this.step(input, caller, RoundAct.Station, async (m, round) => {
      if (await m.existsBy(RoundTarget, { nodeId: round.nodeId, roundId: round.id, teamId: IsNull() })) {
        throw new RoundException(RoundErrorCode.InvalidTeam, 'arrange teams for every target before they are stationed');
      }
      assertStepDate(input.on, null, today(), 'the stationing');
      round.stationedOn = input.on;
    });
  }

  /** 结束进驻 and 听取汇报. */
  hearReport(input: HearRoundReportInput, caller: Caller): Promise<InspectionRound> {
    return this.step(input, caller, RoundAct.HearReport, async (_m, round) => {
      assertStepDate(input.stationEndedOn, round.stationedOn, today(), 'the end of the stay');
      assertStepDate(input.on, input.stationEndedOn, today(), 'the hearing of the report');
      Object.assign(round, { stationEndedOn: input.stationEndedOn, reportHeardOn: input.on });
    });
  }

  /**
   * 反馈: each target's feedback, on the day it was received, opens its rectification and starts the
   * clocks of seed 000 (a look-back's findings reopen items instead). Once every target has had its
   * feedback the round is `feedback_given`.
   */
  async giveFeedback(input: GiveRoundFeedbackInput, caller: Caller): Promise<InspectionRound> {
    return this.transactions.run(async (tx) => {
      const m = tx.manager;
      const round = await this.own(m, input.nodeId, input.roundId);
      const next = roundAfter(round.state, RoundAct.GiveFeedback);
      const targets = await m.find(RoundTarget, { where: { nodeId: round.nodeId, roundId: round.id }, order: { organisationId: 'ASC' } });
      const byId = new Map(targets.map((t) => [t.organisationId, t]));
      const ids = new Set<string>();
      for (const given of input.feedback) {
        const target = byId.get(given.organisationId);
        if (!target) throw new RoundException(RoundErrorCode.InvalidTarget, `${given.organisationId} is not a target of this round`);
        if (target.feedbackReceivedOn || ids.has(given.organisationId)) throw new RoundException(RoundErrorCode.InvalidTransition, `${target.name} has had its feedback`);
        ids.add(given.organisationId);
        assertStepDate(given.feedbackReceivedOn, round.reportHeardOn, today(), `the feedback to ${target.name}`);
      }
      for (const given of input.feedback) {
        const target = byId.get(given.organisationId)!;
        const rectificationId =
          round.kind === RoundKind.LookBack
            ? null
            : await this.rectifications.openForOrganisation(tx, {
                supervisingNodeId: round.nodeId,
                organisationId: target.organisationId,
                organisation: target.name,
                homeNodeId: target.regionNodeId ?? target.inspectorNodeId,
                organisationNodeId: target.regionNodeId,
                roundId: round.id,
                feedbackReceivedOn: given.feedbackReceivedOn,
                feedbackSummary: given.summary,
              });
        Object.assign(target, { feedbackReceivedOn: given.feedbackReceivedOn, feedbackSummary: given.summary, rectificationId });
        await m.save(target);
      }
      const latest = input.feedback.map((given) => given.feedbackReceivedOn).sort().at(-1)!;
      if (targets.every((t) => t.feedbackReceivedOn)) {
        await this.event(m, round, RoundAct.GiveFeedback, round.state, latest, caller);
        round.state = next;
      }
      await this.changed(tx, round);
      return round;
    });
  }

  /** 移交整改: the round closes; its rectifications go on under their own clocks. */
  handOver(input: RoundStepInput, caller: Caller): Promise<InspectionRound> {
    return this.step(input, caller, RoundAct.HandOver, async (m, round) => {
      const [{ latest }] = await m.query(`SELECT max(feedback_received_on)::text AS latest FROM inspection_round_target WHERE node_id = $1 AND round_id = $2`, [round.nodeId, round.id]);
      assertStepDate(input.on, latest, today(), 'the hand-over');
      round.handedOverOn = input.on;
    });
  }

  /** A look-back's finding: items of a revisited rectification open again, with new due dates. */
  async reopenItems(input: ReopenRectificationItemsInput, caller: Caller): Promise<InspectionRound> {
    return this.transactions.run(async (tx) => {
      const round = await this.own(tx.manager, input.nodeId, input.roundId);
      if (round.kind !== RoundKind.LookBack) throw new RoundException(RoundErrorCode.InvalidLookBack, 'only a look-back round (回头看) reopens rectification items');
      roundAfter(round.state, RoundAct.ReopenItems);
      if (!(await tx.manager.existsBy(RoundRevisit, { nodeId: round.nodeId, roundId: round.id, rectificationId: input.rectificationId }))) {
        throw new RoundException(RoundErrorCode.InvalidLookBack, `the round does not revisit rectification ${input.rectificationId}`);
      }
      for (const item of input.items) if (item.dueOn <= today()) throw new RoundException(RoundErrorCode.InvalidDate, `the new due date ${item.dueOn} must lie ahead`);
      await this.rectifications.reopenItems(tx, { nodeId: round.nodeId, rectificationId: input.rectificationId, roundId: round.id, items: input.items });
      await this.event(tx.manager, round, RoundAct.ReopenItems, round.state, today(), caller);
      return round;
    });
  }

  private step(input: RoundStepInput, caller: Caller, act: RoundAct, apply: (m: EntityManager, round: InspectionRound) => Promise<void>): Promise<InspectionRound> {
    return this.transactions.run(async (tx) => {
      const round = await this.own(tx.manager, input.nodeId, input.roundId);
      const next = roundAfter(round.state, act);
      await apply(tx.manager, round);
      await this.event(tx.manager, round, act, round.state, input.on, caller);
      round.state = next;
      await this.changed(tx, round);
      return round;
    });
  }

  /** Saves the round one revision on, shares it with every node concerned and recounts coverage. */
  private async changed(work: UnitOfWork, round: InspectionRound, isNew = false, formerly: readonly string[] = []): Promise<void> {
    if (!isNew) {
      round.revision += 1;
      round.updatedAt = new Date();
      await work.manager.save(round);
    }
    await this.sharing.share(work, round, formerly);
    this.coverage.changed(work, round.nodeId);
  }

  private async fileArrangement(work: UnitOfWork, round: InspectionRound, content: string): Promise<void> {
    if (!round.arrangementFilingId) {
      const filed = await this.filings.fileOwn(work, { nodeId: round.nodeId, kind: FilingKind.RoundArrangement, title: `${round.title}轮次安排`, dueOn: round.plannedStationOn, content });
      round.arrangementFilingId = filed?.id ?? null;
      return;
    }
    const filing = await work.manager.findOneByOrFail(Filing, { nodeId: round.nodeId, id: round.arrangementFilingId });
    if (filing.status !== FilingStatus.Returned) {
      throw new RoundException(RoundErrorCode.ArrangementLocked, `the arrangement was filed with ${filing.reviewerNodeId} and is ${filing.status}: it changes once returned`);
    }
    await this.filings.submitIn(work, { nodeId: round.nodeId, filingId: filing.id, content });
  }

  private async revisits(m: EntityManager, input: PlanRoundInput): Promise<Array<{ id: string; organisationId: string }>> {
    if (input.kind !== RoundKind.LookBack) {
      if (input.lookBack) throw new RoundException(RoundErrorCode.InvalidLookBack, 'only a look-back round names an earlier round');
      return [];
    }
    if (!input.lookBack) throw new RoundException(RoundErrorCode.InvalidLookBack, 'a look-back round names the earlier round and the rectifications it revisits');
    const earlier = await m.findOneBy(InspectionRound, { nodeId: input.nodeId, id: input.lookBack.roundId, ownerNodeId: input.nodeId });
    if (!earlier) throw new RoundException(RoundErrorCode.InvalidLookBack, `${input.nodeId} arranged no round ${input.lookBack.roundId}`);
    const found: Array<{ id: string; organisationId: string }> = await m.query(
      `SELECT id, organisation_id AS "organisationId" FROM rectification WHERE node_id = $1 AND supervising_node_id = $1 AND round_id = $2 AND id = ANY($3::uuid[])`,
      [input.nodeId, earlier.id, input.lookBack.rectificationIds],
    );
    if (found.length !== input.lookBack.rectificationIds.length) throw new RoundException(RoundErrorCode.InvalidLookBack, `not every rectification named comes from round ${earlier.id}`);
    const derived = new Set(found.map((r) => r.organisationId));
    if (input.targetIds && (input.targetIds.length !== derived.size || input.targetIds.some((id) => !derived.has(id)))) {
      throw new RoundException(RoundErrorCode.InvalidLookBack, 'a look-back inspects the organisations of the rectifications it revisits');
    }
    return found;
  }

  private async own(m: EntityManager, nodeId: string, id: string): Promise<InspectionRound> {
    this.assertServed(nodeId);
    const round = await m.findOne(InspectionRound, { where: { nodeId, id }, lock: { mode: 'pessimistic_write' } });
    if (!round) throw new RoundException(RoundErrorCode.NotFound, `node ${nodeId} holds no round ${id}`);
    if (round.ownerNodeId !== nodeId) throw new RoundException(RoundErrorCode.NotArranging, `round ${id} is arranged by ${round.ownerNodeId}; ${nodeId} holds a copy`);
    return round;
  }

  private async event(m: EntityManager, round: InspectionRound, act: RoundAct, from: RoundState | null, on: string, caller: Caller): Promise<void> {
    const [{ seq }] = await m.query(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM inspection_round_event WHERE node_id = $1 AND round_id = $2`, [round.nodeId, round.id]);
    const to = act === RoundAct.Amend || act === RoundAct.Arrange || act === RoundAct.ReopenItems ? round.state : roundAfter(round.state, act);
    await m.insert(RoundEvent, { nodeId: round.nodeId, roundId: round.id, seq, act, stateFrom: from, stateTo: to, happenedOn: on, recordedAt: new Date(), actor: caller.subject.slice(0, 200) });
  }

  private defaultTitle(input: PlanRoundInput): string {
    const tier = this.host.registry.node(input.nodeId).tier;
    const word = tier === Tier.Central || tier === Tier.Provincial ? '巡视' : '巡察';
    return `${input.year}年第${input.ordinal}轮${KIND_WORD[input.kind]}${word}`;
  }

  private assertServed(nodeId: string): void {
    if (!this.host.serves(nodeId)) throw new RoundException(RoundErrorCode.NodeNotServedHere, `node ${nodeId} is not served by host ${this.host.hostId}`);
  }
}

const today = () => localDateOf(new Date());
