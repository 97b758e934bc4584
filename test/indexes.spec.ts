import type { DataSource } from 'typeorm';
import { seedDemo } from '../apps/api/src/seed/seed';
import { invitationRank } from '../apps/api/src/invitations/invitation-order';
import { startTestApp, type TestApp } from './helpers/app';

describe('indexes', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp({ JOBS_WORKER: 'false' });
    ds = t.db;
    await seedDemo(t.app);
    await ds.query('ANALYZE');
  });
  afterAll(() => t.close());

  it('every foreign key of the application (pg-boss keeps its own schema) is the leading column of an index', async () => {
    const missing = await ds.query(`
      SELECT c.conrelid::regclass AS tbl, a.attname AS col
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND NOT EXISTS (
         SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
       ORDER BY 1, 2`);
    expect(missing).toEqual([]);
  });

  it('the hot filters use an index (EXPLAIN, sequential scans disabled to ask whether one exists)', async () => {
    await ds.query('SET enable_seqscan = off');
    const plans: Record<string, string> = {
      'assignments by reviewer': `SELECT * FROM assignments WHERE reviewer_id = (SELECT id FROM users LIMIT 1)`,
      'assignments by round': `SELECT * FROM assignments WHERE round_id = (SELECT id FROM review_rounds LIMIT 1)`,
      'review by assignment': `SELECT * FROM reviews WHERE assignment_id = (SELECT id FROM assignments LIMIT 1)`,
      'accounts a page at a time (userPage)': `SELECT id FROM users WHERE lower(email) > 'm' ORDER BY lower(email) LIMIT 51`,
      'a round’s outbox newest first after a cursor (outboxPage)': `SELECT id FROM outbox WHERE round_id = (SELECT id FROM review_rounds LIMIT 1) AND (created_at, id) < (now(), gen_random_uuid()) ORDER BY created_at DESC, id DESC LIMIT 21`,
      'the whole outbox newest first (outboxPage)': `SELECT id FROM outbox ORDER BY created_at DESC, id DESC LIMIT 21`,
      'conflicts of a pair': `SELECT * FROM conflicts WHERE round_id = (SELECT id FROM review_rounds LIMIT 1) AND application_id = (SELECT id FROM applications LIMIT 1) AND reviewer_id = (SELECT id FROM users LIMIT 1)`,
      'user by e-mail': `SELECT * FROM users WHERE lower(email) = 'reviewer1@demo.local'`,
      'applications by status': `SELECT * FROM applications WHERE status = 'FUNDED'`,
      'audit by entity': `SELECT * FROM audit_log WHERE entity = 'round' AND entity_id = 'x'`,
      'reminder slots of a round': `SELECT * FROM reminder_slots WHERE round_id = (SELECT id FROM review_rounds LIMIT 1)`,
      'a call’s applications by number (projectPage)': `SELECT * FROM applications WHERE program_id = (SELECT id FROM programs LIMIT 1) AND external_id > '' ORDER BY external_id LIMIT 51`,
      'runs an officer started': `SELECT * FROM jobs WHERE created_by = (SELECT id FROM users LIMIT 1)`,
    };
    // a round's invitations in the officer's order after a cursor (invitationPage): read in index order, no sort
    const rank = invitationRank('i');
    const invitations = (
      (await ds.query(
        `EXPLAIN SELECT i.id FROM invitations i WHERE i.round_id = (SELECT id FROM review_rounds LIMIT 1)
            AND (${rank}, i.created_at, i.id) > (1, now(), gen_random_uuid()) ORDER BY ${rank}, i.created_at, i.id LIMIT 21`,
      )) as { 'QUERY PLAN': string }[]
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(invitations).toMatch(/Index (Only )?Scan using invitations_round_order_idx/);
    expect(invitations).not.toMatch(/Sort/);
    for (const [name, sql] of Object.entries(plans)) {
      const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN ${sql}`);
      const top = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect({ name, usesIndex: /Index (Only )?Scan|Bitmap Index Scan/.test(top) }).toEqual({ name, usesIndex: true });
    }
  });
});
