import { TestFederation } from '../harness/federation';

export interface Route {
  from: string;
  to: string;
}

/**
 * One check of a soak. `committed` is how many things it compared: messages their senders
 * committed, hops, or copies of state. A fault can break more than one check (a lost task message
 * is also a missing copy), so each check counts it in its own terms.
 */
export interface FlowVerdict {
  flow: string;
  committed: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

export type Tally = Omit<FlowVerdict, 'flow'>;

export function emptyTally(): Tally {
  return { committed: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
}

export function addTally(sum: Tally, more: Tally): Tally {
  return {
    committed: sum.committed + more.committed,
    lost: sum.lost + more.lost,
    duplicated: sum.duplicated + more.duplicated,
    outOfOrder: sum.outOfOrder + more.outOfOrder,
  };
}

/**
 * What one sender committed to one destination, keyed and in commit order (first-hop channel
 * order), against what the destination applied (keyed, with the last hop's channel sequence).
 * Lost: committed but never applied; duplicated: applied more than once, or applied without being
 * committed; out of order: applied with a last-hop sequence not above that of the message
 * committed before it on the same path.
 */
export function comparePath(committed: readonly string[], applied: ReadonlyArray<{ key: string; seq: number }>): Tally {
  const seqByKey = new Map<string, number[]>();
  for (const { key, seq } of applied) seqByKey.set(key, [...(seqByKey.get(key) ?? []), seq]);
  const tally = { ...emptyTally(), committed: committed.length };
  let previous = -Infinity;
  const seen = new Set<string>();
  for (const key of committed) {
    if (seen.has(key)) {
      tally.duplicated++; // the sender committed one change twice
      continue;
    }
    seen.add(key);
    const seqs = seqByKey.get(key);
    if (!seqs) {
      tally.lost++;
      continue;
    }
    tally.duplicated += seqs.length - 1;
    if (seqs[0] <= previous) tally.outOfOrder++;
    previous = Math.max(previous, seqs[0]);
  }
  for (const [key, seqs] of seqByKey) if (!seen.has(key)) tally.duplicated += seqs.length;
  return tally;
}

interface PathMessage {
  origin: string;
  destination: string;
  key: string;
  channel_seq: string;
}

/**
 * comparePath for every (origin, destination) path of some message types at once: each message
 * its origin committed (its outbox rows, first hop, in channel order) against the destination's
 * applied inbox rows. `key` is an SQL expression over `type` and `envelope` naming the one change
 * a message carries, so that a change applied twice under two message ids is seen as well.
 */
export async function checkMessages(federation: TestFederation, flow: string, types: string[], key: string): Promise<FlowVerdict & { applied: number }> {
  const hostIds = federation.registry.hosts.map((host) => host.id).filter((id) => federation.host(id).running);
  const fromAll = async (text: string) => (await Promise.all(hostIds.map((hostId) => federation.sql<PathMessage>(hostId, text, [types])))).flat();
  const committed = await fromAll(
    `SELECT origin, destination, ${key} AS key, channel_seq FROM federation_outbox WHERE from_node = origin AND type = ANY($1) ORDER BY channel_seq`,
  );
  const applied = await fromAll(`SELECT origin, node_id AS destination, ${key} AS key, channel_seq FROM federation_inbox WHERE status = 'applied' AND type = ANY($1)`);
  const paths = new Map<string, { committed: string[]; applied: Array<{ key: string; seq: number }> }>();
  const path = (message: PathMessage) => {
    const id = `${message.origin}>${message.destination}`;
    const found = paths.get(id) ?? { committed: [], applied: [] };
    paths.set(id, found);
    return found;
  };
  for (const message of committed) path(message).committed.push(message.key);
  for (const message of applied) path(message).applied.push({ key: message.key, seq: Number(message.channel_seq) });
  const tally = [...paths.values()].reduce((sum, found) => addTally(sum, comparePath(found.committed, found.applied)), emptyTally());
  return { flow, ...tally, applied: applied.length };
}

/** Probes of one route: the sender's outbox rows for probes it originated, against the destination's probe rows. */
export async function checkRoute(federation: TestFederation, route: Route, labelPrefix: string): Promise<FlowVerdict> {
  const senderHost = federation.registry.node(route.from).host;
  const receiverHost = federation.registry.node(route.to).host;
  const sent = await federation.sql<{ label: string }>(
    senderHost,
    `SELECT envelope->'payload'->>'label' AS label FROM federation_outbox
     WHERE from_node = $1 AND origin = $1 AND destination = $2 AND envelope->'payload'->>'label' LIKE $3
     ORDER BY channel_seq`,
    [route.from, route.to, `${labelPrefix}%`],
  );
  const applied = await federation.sql<{ label: string; channel_seq: string }>(
    receiverHost,
    `SELECT label, channel_seq FROM federation_probe WHERE node_id = $1 AND origin = $2 AND label LIKE $3`,
    [route.to, route.from, `${labelPrefix}%`],
  );
  const tally = comparePath(
    sent.map((row) => row.label),
    applied.map((row) => ({ key: row.label, seq: Number(row.channel_seq) })),
  );
  return { flow: `probes ${route.from}→${route.to}`, ...tally };
}

interface OutboxRow {
  message_id: string;
  to_node: string;
  from_node: string;
  to_host: string;
  channel_seq: string;
}

interface InboxRow {
  message_id: string;
  node_id: string;
  from_node: string;
  channel_seq: string;
  status: string;
  forwards: number;
}

/**
 * Every hop of every flow, as the transport recorded it: each outbox row is stored once in the
 * receiving host's inbox under the same id and channel position and was applied or relayed (not
 * held, not refused); every inbox row was committed by a sender; each relayed message was passed
 * on exactly once; each channel was applied up to its last message; nothing was dead-lettered.
 */
export async function checkHops(federation: TestFederation): Promise<FlowVerdict> {
  const hostIds = federation.registry.hosts.map((host) => host.id).filter((id) => federation.host(id).running);
  const outbox = (
    await Promise.all(
      hostIds.map((hostId) => federation.sql<OutboxRow>(hostId, `SELECT message_id, from_node, to_node, to_host, channel_seq FROM federation_outbox`)),
    )
  ).flat();
  const inboxByHost = new Map<string, Map<string, InboxRow>>();
  const tally = { ...emptyTally(), committed: outbox.length };
  for (const hostId of hostIds) {
    // A relayed message's forward is the outbox row it caused with the same journey.
    const rows = await federation.sql<InboxRow>(
      hostId,
      `SELECT i.message_id, i.node_id, i.from_node, i.channel_seq, i.status, coalesce(f.n, 0) AS forwards
       FROM federation_inbox i
       LEFT JOIN (SELECT envelope->>'causationId' AS cause, origin, destination, type, count(*)::int AS n
                  FROM federation_outbox WHERE envelope->>'causationId' IS NOT NULL GROUP BY 1, 2, 3, 4) f
         ON f.cause = i.message_id::text AND f.origin = i.origin AND f.destination = i.destination AND f.type = i.type`,
    );
    inboxByHost.set(hostId, new Map(rows.map((row) => [row.message_id, row])));
    for (const row of rows) {
      if (row.status === 'relayed' && row.forwards !== 1) {
        if (row.forwards === 0) tally.lost++;
        else tally.duplicated += row.forwards - 1;
      }
    }
    const [{ unapplied, dead }] = await federation.sql<{ unapplied: number; dead: number }>(
      hostId,
      `SELECT (SELECT count(*)::int FROM federation_channel_in c
               WHERE c.last_applied_seq <> (SELECT coalesce(max(channel_seq), 0) FROM federation_inbox i WHERE i.node_id = c.node_id AND i.from_node = c.peer_id)) AS unapplied,
              (SELECT count(*)::int FROM federation_dead_letter) AS dead`,
    );
    tally.lost += unapplied + dead;
  }
  const committedIds = new Set<string>();
  for (const row of outbox) {
    committedIds.add(row.message_id);
    const stored = inboxByHost.get(row.to_host)?.get(row.message_id);
    const sameHop = stored && stored.node_id === row.to_node && stored.from_node === row.from_node && stored.channel_seq === row.channel_seq;
    if (!sameHop || (stored.status !== 'applied' && stored.status !== 'relayed')) tally.lost++;
  }
  for (const rows of inboxByHost.values()) for (const id of rows.keys()) if (!committedIds.has(id)) tally.duplicated++;
  return { flow: 'hops', ...tally };
}
