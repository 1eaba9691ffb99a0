import { TestFederation } from '../harness/federation';

export interface Route {
  from: string;
  to: string;
}

export interface RouteVerdict {
  route: Route;
  sent: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

/**
 * Compares what a sender committed (its outbox rows for probes it originated, in first-hop channel
 * order) with what the destination applied (its probe rows, with the last hop's channel sequence).
 * Lost: committed but never applied; duplicated: applied more than once; out of order: applied with
 * a last-hop sequence not above that of the message committed before it on the same route.
 */
export async function checkRoute(federation: TestFederation, route: Route, labelPrefix: string): Promise<RouteVerdict> {
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
  const seqByLabel = new Map<string, number[]>();
  for (const row of applied) seqByLabel.set(row.label, [...(seqByLabel.get(row.label) ?? []), Number(row.channel_seq)]);

  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let previous = -Infinity;
  const sentLabels = new Set<string>();
  for (const { label } of sent) {
    sentLabels.add(label);
    const seqs = seqByLabel.get(label);
    if (!seqs) {
      lost++;
      continue;
    }
    duplicated += seqs.length - 1;
    if (seqs[0] <= previous) outOfOrder++;
    previous = Math.max(previous, seqs[0]);
  }
  // Applied but never committed by the sender would be an effect out of nowhere: count it as a duplicate.
  for (const [label, seqs] of seqByLabel) if (!sentLabels.has(label)) duplicated += seqs.length;
  return { route, sent: sent.length, lost, duplicated, outOfOrder };
}
