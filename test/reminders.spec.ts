import { JobsService } from '../apps/api/src/jobs/jobs.service';
import { ProgressService, REMINDER_QUEUE } from '../apps/api/src/progress/progress.service';
import { beijingDate, dueSlots } from '../apps/api/src/progress/reminder-slots';
import { INVITATION_QUEUE } from '../apps/api/src/invitations/invitations.service';
import { REPORT_REMINDER_QUEUE } from '../apps/api/src/teams/reports.service';
import { seedDemo } from '../apps/api/src/seed/seed';
import { startTestApp, type TestApp } from './helpers/app';

const at = (s: string) => new Date(s);

describe('reminder slots (hand table)', () => {
  // a round open 2026-11-16 09:00 to 2026-12-20 16:00 Beijing time; reminders 7 and 2 days before
  const round = { opensAt: at('2026-11-16T09:00:00+08:00'), closesAt: at('2026-12-20T16:00:00+08:00') };
  const rules = { daysBefore: [2, 7], overdueDaily: true };
  it.each([
    //  now (Beijing)                 current                 due
    ['2026-12-13T15:59:59+08:00', null, []],
    ['2026-12-13T16:00:00+08:00', 'before-7', ['before-7']],
    ['2026-12-18T15:59:59+08:00', 'before-7', ['before-7']],
    ['2026-12-18T16:00:00+08:00', 'before-2', ['before-7', 'before-2']],
    ['2026-12-20T15:59:59+08:00', 'before-2', ['before-7', 'before-2']],
    ['2026-12-20T16:00:00+08:00', 'overdue-2026-12-20', ['overdue-2026-12-20']],
    ['2026-12-20T23:59:59+08:00', 'overdue-2026-12-20', ['overdue-2026-12-20']],
    ['2026-12-21T00:00:00+08:00', 'overdue-2026-12-21', ['overdue-2026-12-21']],
  ])('at %s: %s', (now, current, due) => {
    expect(dueSlots(round, at(now), rules)).toEqual({ current, due });
  });

  it('skips a slot that falls before the round opened, and no overdue reminders when switched off', () => {
    const short = { opensAt: at('2026-12-15T09:00:00+08:00'), closesAt: round.closesAt };
    expect(dueSlots(short, at('2026-12-16T10:00:00+08:00'), rules)).toEqual({ current: null, due: [] });
    expect(dueSlots(short, at('2026-12-19T10:00:00+08:00'), rules).current).toBe('before-2');
    expect(dueSlots(round, at('2026-12-22T10:00:00+08:00'), { daysBefore: [7], overdueDaily: false })).toEqual({
      current: null,
      due: [],
    });
  });

  it('dates overdue slots by the Beijing calendar (UTC 16:00 is the next day there)', () => {
    expect(beijingDate(at('2026-12-20T15:59:59Z'))).toBe('2026-12-20');
    expect(beijingDate(at('2026-12-20T16:00:00Z'))).toBe('2026-12-21');
  });
});

describe('scheduled reminders on two replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let roundId: string;
  let unsubmitted: number;
  beforeAll(async () => {
    a = await startTestApp({ REMINDER_CRON: '*/5 * * * *' });
    b = await startTestApp({ REMINDER_CRON: '*/5 * * * *' }, { databaseUrl: a.url });
    await seedDemo(a.app);
    [{ id: roundId }] = await a.db.query(`SELECT id FROM review_rounds WHERE status = 'OPEN'`);
    [{ n: unsubmitted }] = await a.db.query(
      `SELECT count(DISTINCT a.reviewer_id)::int AS n FROM assignments a LEFT JOIN reviews r ON r.assignment_id = a.id
        WHERE a.round_id = $1 AND a.status = 'ACTIVE' AND (r.status IS NULL OR r.status <> 'SUBMITTED')`,
      [roundId],
    );
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const outbox = async () =>
    (
      await a.db.query(`SELECT count(*)::int AS n FROM outbox WHERE round_id = $1 AND subject LIKE '【评审提醒】%'`, [
        roundId,
      ])
    )[0].n as number;
  // both replicas at once, as two schedulers racing
  const bothAt = async (now: string) => {
    const [x, y] = await Promise.all([a, b].map((t) => t.app.get(ProgressService).sendDue(at(now))));
    return x + y;
  };

  it('each slot goes out once, whichever replica gets there, and the audit trail says which', async () => {
    expect(unsubmitted).toBeGreaterThan(2);
    expect(await bothAt('2026-12-10T10:00:00+08:00')).toBe(0); // nothing due yet
    expect(await bothAt('2026-12-14T10:00:00+08:00')).toBe(unsubmitted); // 7 days before
    expect(await bothAt('2026-12-14T11:00:00+08:00')).toBe(0); // same slot
    expect(await bothAt('2026-12-19T10:00:00+08:00')).toBe(unsubmitted); // 2 days before
    expect(await bothAt('2026-12-21T09:00:00+08:00')).toBe(unsubmitted); // overdue, first day
    expect(await bothAt('2026-12-21T20:00:00+08:00')).toBe(0); // the same Beijing day
    expect(await bothAt('2026-12-22T09:00:00+08:00')).toBe(unsubmitted); // the next day
    expect(await outbox()).toBe(4 * unsubmitted);
    const slots = await a.db.query(
      `SELECT after->>'slot' AS slot FROM audit_log WHERE action = 'round.remind.auto' AND entity_id = $1 ORDER BY id`,
      [roundId],
    );
    expect(slots.map((s: { slot: string }) => s.slot)).toEqual([
      'before-7',
      'before-2',
      'overdue-2026-12-21',
      'overdue-2026-12-22',
    ]);
  });

  it('is scheduled in pg-boss with the configured cron, and a queued check is worked end to end', async () => {
    const schedules = await a.db.query(`SELECT name, cron, options->>'tz' AS tz FROM pgboss.schedule ORDER BY name`);
    expect(schedules).toEqual([
      { name: INVITATION_QUEUE, cron: '*/5 * * * *', tz: 'Asia/Shanghai' },
      { name: REMINDER_QUEUE, cron: '*/5 * * * *', tz: 'Asia/Shanghai' },
      { name: REPORT_REMINDER_QUEUE, cron: '*/5 * * * *', tz: 'Asia/Shanghai' },
      // the nightly retention purge (retention/retention.service.ts)
      { name: 'retention.purge', cron: '30 3 * * *', tz: 'Asia/Shanghai' },
    ]);
    // the round now closes in a day: "2 days before" is due right now
    await a.db.query(`DELETE FROM reminder_slots`);
    await a.db.query(`UPDATE review_rounds SET closes_at = now() + interval '1 day' WHERE id = $1`, [roundId]);
    const before = await outbox();
    await b.app.get(JobsService).send(REMINDER_QUEUE, {});
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await outbox();
    }
    expect(after - before).toBe(unsubmitted);
    // both slots are due now; the nearer one went out and the other is marked with it
    const slots = await a.db.query(`SELECT slot, reminded FROM reminder_slots WHERE round_id = $1 ORDER BY slot`, [
      roundId,
    ]);
    expect(slots).toEqual([
      { slot: 'before-2', reminded: unsubmitted },
      { slot: 'before-7', reminded: unsubmitted },
    ]);
  });
});
