import { MigrationInterface, QueryRunner } from 'typeorm';

/** The deadline kinds of special checks and supervision teams: not rectification items of seed 000. */
const KINDS = `'special_check_self_check', 'special_check_rectification', 'supervision_team_rectification'`;

const EDITS: Array<{ fn: string; from: string; to: string }> = [
  { fn: 'analytics_deadline_apply(tracked_deadline, integer)', from: `IF t.kind = 'filing' THEN RETURN; END IF;`, to: `IF t.kind = 'filing' OR t.kind IN (${KINDS}) THEN RETURN; END IF;` },
  { fn: 'analytics_rebuild(text)', from: `FROM tracked_deadline WHERE node_id = h AND kind <> 'filing'`, to: `FROM tracked_deadline WHERE node_id = h AND kind <> 'filing' AND kind NOT IN (${KINDS})` },
];

/**
 * The rectification figures count every tracked deadline but filings'. Special checks' and
 * supervision teams' obligations are tracked now too; they stay out of those figures, by the
 * triggers and by a rebuild alike. The two functions are edited where they stand rather than
 * written out again, so that a redefinition of either by another migration (the coverage figures
 * of a rebuild) is kept.
 */
export class AnalyticsDispatchDeadlines1796622362400 implements MigrationInterface {
  name = 'AnalyticsDispatchDeadlines1796622362400';

  async up(q: QueryRunner): Promise<void> {
    for (const edit of EDITS) await rewrite(q, edit.fn, edit.from, edit.to);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const edit of EDITS) await rewrite(q, edit.fn, edit.to, edit.from);
  }
}

async function rewrite(q: QueryRunner, fn: string, from: string, to: string): Promise<void> {
  const [{ definition }]: Array<{ definition: string }> = await q.query(`SELECT pg_get_functiondef($1::regprocedure) AS definition`, [fn]);
  if (!definition.includes(from)) throw new Error(`${fn} no longer reads "${from}": write this migration's edit again`);
  await q.query(definition.replace(from, to));
}
