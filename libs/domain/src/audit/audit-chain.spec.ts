import { AuditAction, AuditOutcome, AuditRow, GENESIS_HASH, chainHash, verifyAnchors, verifyChain } from './audit-chain';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = { nodeId: '130000', at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)), subject: 'u', callerNodeId: '130000', roles: 'analyst', action: AuditAction.Mutation, operation: 'Mutation.x', target: `id=${seq}`, outcome: AuditOutcome.Ok, detail: '' };
    const hash = chainHash(prevHash, seq, fields);
    rows.push({ ...fields, seq, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('accepts an intact chain whose head names the last row', () => {
    const rows = chain(5);
    expect(verifyChain('130000', rows, { seq: 5, hash: rows[4].hash })).toEqual({ nodeId: '130000', rows: 5, ok: true });
  });

  it('names an edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], target: 'id=forged' };
    expect(verifyChain('130000', rows, { seq: 5, hash: rows[4].hash })).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });

  it('detects a row deleted from the middle and from the end', () => {
    const rows = chain(5);
    expect(verifyChain('130000', [...rows.slice(0, 2), ...rows.slice(3)], { seq: 5, hash: rows[4].hash })).toMatchObject({ ok: false, brokenAtSeq: 4 });
    expect(verifyChain('130000', rows.slice(0, 4), { seq: 5, hash: rows[4].hash })).toMatchObject({ ok: false, brokenAtSeq: 5 });
  });

  it('detects a row rewritten with a recomputed hash, since its successor no longer follows it', () => {
    const rows = chain(4);
    const forged = { ...rows[1], detail: 'x' };
    forged.hash = chainHash(forged.prevHash, 2, forged);
    rows[1] = forged;
    expect(verifyChain('130000', rows, { seq: 4, hash: rows[3].hash })).toMatchObject({ ok: false, brokenAtSeq: 3 });
  });

  it('detects rows cut from the end with the head rewound only through a parent’s anchor', () => {
    const rows = chain(5);
    const cut = rows.slice(0, 3);
    const alone = verifyChain('130000', cut, { seq: 3, hash: cut[2].hash });
    expect(alone.ok).toBe(true);
    expect(verifyAnchors(alone, cut, [{ holderNodeId: '000000', seq: 2, hash: rows[1].hash }])).toMatchObject({ ok: true, anchors: 1 });
    expect(verifyAnchors(alone, cut, [{ holderNodeId: '000000', seq: 4, hash: rows[3].hash }])).toMatchObject({ ok: false, brokenAtSeq: 4 });
  });

  it('detects a chain rewritten below an anchor', () => {
    const rows = chain(3);
    expect(verifyAnchors(verifyChain('130000', rows, { seq: 3, hash: rows[2].hash }), rows, [{ holderNodeId: '000000', seq: 2, hash: 'f'.repeat(64) }])).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });
});
