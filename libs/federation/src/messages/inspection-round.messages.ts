import { z } from 'zod';
import { defineMessage, instant, localDate, nodeId, PayloadOf, revision, text, title, uuid } from './contract';
import { ORGANISATION_KINDS } from './organisation.messages';

export const ROUND_KINDS = ['regular', 'special', 'mobile', 'look_back'] as const;
export const ROUND_MODES = ['own', 'elevated', 'cross', 'city_county'] as const;
export const ROUND_STATES = ['planned', 'stationed', 'report_heard', 'feedback_given', 'handed_over'] as const;

const team = z.object({
  teamId: uuid,
  name: text(100, 1),
  leader: text(100, 1),
  members: z.array(text(100, 1)).max(50),
  /** The node whose office provides the team (another city in 交叉巡察, a county in 市县联动). */
  fromNodeId: nodeId,
  targetIds: z.array(uuid).max(500),
});

const target = z.object({
  organisationId: uuid,
  name: title,
  kind: z.enum(ORGANISATION_KINDS),
  inspectorNodeId: nodeId,
  regionNodeId: nodeId.nullable(),
  feedbackReceivedOn: localDate.nullable(),
  rectificationId: uuid.nullable(),
});

/**
 * Arranging node → every other node concerned (the nodes its teams come from, and the register and
 * region nodes of its targets): the round as it now stands, so each records it. Sent again after
 * every change; a copy keeps only the newest revision.
 */
export const InspectionRoundShared = defineMessage('inspection_round.shared', {
  version: 1,
  direction: 'down',
  payload: z.object({
    roundId: uuid,
    ownerNodeId: nodeId,
    revision,
    year: z.number().int().min(2000).max(2100),
    ordinal: z.number().int().min(1).max(99),
    title,
    kind: z.enum(ROUND_KINDS),
    mode: z.enum(ROUND_MODES),
    state: z.enum(ROUND_STATES),
    plannedStationOn: localDate,
    plannedStationEndOn: localDate,
    plannedFeedbackOn: localDate,
    stationedOn: localDate.nullable(),
    stationEndedOn: localDate.nullable(),
    reportHeardOn: localDate.nullable(),
    handedOverOn: localDate.nullable(),
    lookBackOfRoundId: uuid.nullable(),
    teams: z.array(team).max(50),
    targets: z.array(target).min(1).max(500),
    updatedAt: instant,
  }),
});

export type InspectionRoundSharedPayload = PayloadOf<typeof InspectionRoundShared>;
