import { TestFederation } from '../harness/federation';
import { FlowVerdict, checkMessages, emptyTally } from './checker';

const FILING_TYPES = ['filing.requested', 'filing.submitted', 'filing.accepted', 'filing.returned', 'filing.progress'];
/** One change per message: a request, a version submitted, accepted or returned, or the reviewer's revision passed up. */
const FILING_KEY = `type || '/' || (envelope->'payload'->>'filingId') || CASE WHEN type = 'filing.progress' THEN '/r' || (envelope->'payload'->>'revision') ELSE '/v' || coalesce(envelope->'payload'->>'version', '') END`;

export interface FilingTally {
  filings: number;
  submissions: number;
  accepted: number;
}

interface Copy {
  node_id: string;
  id: string;
  filer_node_id: string;
  reviewer_node_id: string;
  status: string;
  version: number;
  revision: number;
}

/**
 * Filings, end to end and by their effects:
 * - filing messages: every request, submission, decision and progress copy committed was applied once, in order;
 * - filing copies: for each filing its reviewer holds, the filer holds the same status and version, and
 *   every level above the reviewer holds the reviewer's last revision of it; no copy exists without a reviewer's.
 */
export async function checkFilingFlows(federation: TestFederation): Promise<{ messages: FlowVerdict[]; effects: FlowVerdict[]; tally: FilingTally }> {
  const hostIds = federation.registry.hosts.map((host) => host.id).filter((id) => federation.host(id).running);
  const messages = await checkMessages(federation, 'filing messages', FILING_TYPES, FILING_KEY);
  const copies = (
    await Promise.all(hostIds.map((hostId) => federation.sql<Copy>(hostId, `SELECT node_id, id, filer_node_id, reviewer_node_id, status, version, revision FROM filing`)))
  ).flat();
  const byId = new Map(copies.map((copy) => [`${copy.node_id}/${copy.id}`, copy]));
  const reviewed = copies.filter((copy) => copy.node_id === copy.reviewer_node_id);
  const tally = emptyTally();
  for (const filing of reviewed) {
    tally.committed++;
    const filed = byId.get(`${filing.filer_node_id}/${filing.id}`);
    if (!filed || filed.version < filing.version) tally.lost++;
    else if (filed.version > filing.version) tally.duplicated++;
    else if (filed.status !== filing.status) tally.outOfOrder++;
    for (const observer of federation.registry.ancestors(filing.reviewer_node_id)) {
      tally.committed++;
      const seen = byId.get(`${observer.id}/${filing.id}`);
      if (!seen || seen.revision < filing.revision) tally.lost++;
      else if (seen.revision > filing.revision) tally.duplicated++;
      else if (seen.status !== filing.status || seen.version !== filing.version) tally.outOfOrder++;
    }
  }
  const known = new Set(reviewed.map((filing) => filing.id));
  for (const copy of copies) if (!known.has(copy.id)) tally.duplicated++;
  return {
    messages: [messages],
    effects: [{ flow: 'filing copies', ...tally }],
    tally: {
      filings: reviewed.length,
      submissions: reviewed.reduce((sum, filing) => sum + filing.version, 0),
      accepted: reviewed.filter((filing) => filing.status === 'accepted').length,
    },
  };
}
