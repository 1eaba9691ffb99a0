import { EntityManager } from 'typeorm';
import { Envelope } from '../envelope/envelope';
import { Stored } from './stored-message';

/** Messages taken into one run at most. */
export const BATCH = 400;
/**
 * Channels taken into one run, and the fewest messages read ahead on each: a run of cities takes
 * every county's receipt waiting for them (about ten channels each), so that each city reports up
 * once for all of them.
 */
const MAX_CHANNELS = 256;
const MIN_PER_CHANNEL = 2;

export interface ReadyRun {
  run: Stored[];
  stalled: Array<{ node: string; peer: string }>;
  /** Nodes that may have more ready than the run took. */
  more: Set<string>;
  /** Nodes whose next message on some channel failed before and may be tried again now, alone. */
  retrying: Set<string>;
  /** Nodes whose next message on some channel waits for its retry, and for how long at least (ms). */
  waits: Map<string, number>;
}

/**
 * What a run applies next: the next consecutive stored messages of each channel into its nodes,
 * in order, and what keeps the rest waiting (a gap before a message, a message's retry).
 */
export class ReadyMessages {
  /**
   * The next consecutive held messages of each channel into `nodes` (their channel rows locked for
   * the transaction), up to BATCH. A channel whose next message waits for a retry is skipped — or,
   * with `retries`, taken, that message first; otherwise it is left to an isolated run.
   */
  async take(manager: EntityManager, nodes: readonly string[], retries = false): Promise<ReadyRun> {
    // The channels with held messages, their rows locked for the transaction (only runs holding
    // their node lock them, one at a time), and each one's held messages after its last applied
    // one, in one round trip. Rows stored meanwhile are simply left for the next run.
    const found: Array<{ node_id: string; peer_id: string; last_applied_seq: string; envelope: Envelope | null; defect: string | null; raw: string | null; attempts: number; wait_ms: number | null }> =
      await manager.query(
        `WITH peers AS (
           SELECT DISTINCT node_id, from_node FROM federation_inbox WHERE node_id = ANY($1::varchar[]) AND status = 'held'
           ORDER BY node_id, from_node LIMIT ${MAX_CHANNELS}),
         channel AS (
           INSERT INTO federation_channel_in (node_id, peer_id) SELECT node_id, from_node FROM peers ORDER BY node_id, from_node
           ON CONFLICT (node_id, peer_id) DO UPDATE SET node_id = EXCLUDED.node_id
           RETURNING node_id, peer_id, last_applied_seq)
         SELECT channel.node_id, channel.peer_id, channel.last_applied_seq, held.envelope, held.defect, held.raw, held.attempts, held.wait_ms FROM channel
         LEFT JOIN LATERAL (
           SELECT envelope, defect, raw, attempts, channel_seq,
                  CASE WHEN retry_at > now() THEN ceil(extract(epoch FROM retry_at - now()) * 1000)::int END AS wait_ms
           FROM federation_inbox
           WHERE node_id = channel.node_id AND from_node = channel.peer_id AND status = 'held' AND channel_seq > channel.last_applied_seq
           ORDER BY channel_seq LIMIT GREATEST(${MIN_PER_CHANNEL}, ${BATCH} / (SELECT count(*) FROM peers))) held ON true
         ORDER BY channel.node_id, channel.peer_id, held.channel_seq`,
        [nodes],
      );
    const ready: ReadyRun = { run: [], stalled: [], more: new Set(), retrying: new Set(), waits: new Map() };
    const rowsOf = new Map<string, number>();
    const taken = new Map<string, string>();
    let previous: string | null = null;
    let next = 0;
    let skip = false;
    for (const row of found) {
      const channel = `${row.node_id}<${row.peer_id}`;
      if (row.envelope) rowsOf.set(channel, (rowsOf.get(channel) ?? 0) + 1);
      if (channel !== previous) {
        previous = channel;
        next = Number(row.last_applied_seq) + 1;
        skip = false;
      }
      if (!row.envelope || skip || ready.run.length >= BATCH) continue;
      if (row.envelope.seq !== next) {
        // A gap before this message (its predecessor not stored yet): the channel waits.
        ready.stalled.push({ node: row.node_id, peer: row.peer_id });
        skip = true;
        continue;
      }
      if (row.attempts > 0 && (row.wait_ms !== null || !retries)) {
        // Failed before: its turn comes after its backoff, alone, in an isolated run.
        if (row.wait_ms !== null) ready.waits.set(row.node_id, Math.min(row.wait_ms, ready.waits.get(row.node_id) ?? Infinity));
        else ready.retrying.add(row.node_id);
        skip = true;
        continue;
      }
      ready.run.push({ envelope: row.envelope, defect: row.defect, raw: row.raw, attempts: row.attempts });
      taken.set(channel, row.node_id);
      next++;
    }
    // Nodes that may have ready messages left: the run was full, or a channel gave all it was allowed.
    const channels = new Set(found.map((row) => `${row.node_id}<${row.peer_id}`)).size;
    const perChannel = Math.max(MIN_PER_CHANNEL, Math.floor(BATCH / Math.max(channels, 1)));
    if (ready.run.length >= BATCH || channels >= MAX_CHANNELS) ready.more = new Set(nodes);
    else for (const [channel, node] of taken) if (rowsOf.get(channel)! >= perChannel) ready.more.add(node);
    return ready;
  }

}
