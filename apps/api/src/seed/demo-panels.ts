import { DEFAULT_RULES, outcome } from '@app/panels';
import type { EntityManager } from 'typeorm';
import type { RoundEntity } from '../rounds/round.entity';

/**
 * The demo's panel meetings, written as the platform would have left them:
 * - the 2023 initial selection's panel (2023-12-20, nine members, every project on the agenda by
 *   mail-review ranking), its ballots consistent with the awards — funded projects passed, the
 *   others did not — members with a conflict recused from their projects;
 * - the mid-term defence (scheduled for 2026-12-18), reviewer1 a member, one member conflicted
 *   with one of the projects.
 */
export async function seedDemoPanels(
  m: EntityManager,
  initial: RoundEntity,
  midterm: RoundEntity,
  officerId: string,
  funded: ReadonlySet<string>,
): Promise<void> {
  const reviewers: { id: string; email: string }[] = await m.query(
    `SELECT id, email FROM users WHERE email LIKE 'reviewer%@demo.local' ORDER BY substring(email from 'reviewer(\\d+)')::int`,
  );
  const pick = (ns: number[]) => ns.map((n) => reviewers.find((r) => r.email === `reviewer${n}@demo.local`)!.id);

  // ---- the initial selection's panel meeting, held
  const panel = pick([3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const [meeting] = await m.query(
    `INSERT INTO panel_meetings (round_id, title_zh, title_en, kind, starts_at, location, status, rules, created_by, created_at)
     VALUES ($1, '2023年度会议评审', '2023 initial selection: panel meeting', 'SELECTION', '2023-12-20T09:00:00+08:00', '深圳', 'CLOSED', $2, $3, '2023-12-16T10:00:00+08:00')
     RETURNING id`,
    [initial.id, JSON.stringify(DEFAULT_RULES), officerId],
  );
  await m.query(
    `INSERT INTO panel_members (meeting_id, user_id, role, present)
     SELECT $1, u, CASE WHEN o = 1 THEN 'CHAIR' WHEN o = 2 THEN 'VICE_CHAIR' ELSE 'MEMBER' END, true
       FROM unnest($2::uuid[]) WITH ORDINALITY AS x(u, o)`,
    [meeting.id, panel],
  );
  const ranked: { id: string }[] = await m.query(
    `SELECT rp.application_id AS id FROM round_projects rp JOIN applications ap ON ap.id = rp.application_id
       LEFT JOIN assignments a ON a.round_id = rp.round_id AND a.application_id = rp.application_id AND a.status = 'ACTIVE'
       LEFT JOIN reviews r ON r.assignment_id = a.id AND r.status = 'SUBMITTED'
      WHERE rp.round_id = $1 GROUP BY rp.application_id, ap.external_id ORDER BY avg(r.total) DESC NULLS LAST, ap.external_id`,
    [initial.id],
  );
  const blocked = new Set(
    (
      (await m.query(
        `SELECT application_id || '|' || reviewer_id AS k FROM conflicts c WHERE round_id = $1
          AND NOT EXISTS (SELECT 1 FROM conflict_overrides o WHERE o.round_id = c.round_id AND o.application_id = c.application_id AND o.reviewer_id = c.reviewer_id)`,
        [initial.id],
      )) as { k: string }[]
    ).map((r) => r.k),
  );
  for (const [i, { id: project }] of ranked.entries()) {
    const recused = panel.filter((u) => blocked.has(`${project}|${u}`));
    const eligible = panel.filter((u) => !recused.includes(u));
    // the panel's votes, as the awards went: funded projects carried by all but one (who abstains)
    const abstain = eligible.length >= 3 ? 1 : 0;
    const yes = funded.has(project) ? eligible.length - abstain : Math.floor(eligible.length / 3);
    const no = eligible.length - yes - abstain;
    const o = outcome({ unconflicted: eligible.length, eligiblePresent: eligible.length, yes, no, abstain });
    const [item] = await m.query(
      `INSERT INTO panel_items (meeting_id, application_id, position, result) VALUES ($1, $2, $3, $4) RETURNING id`,
      [meeting.id, project, i + 1, o.passed ? 'PASSED' : o.quorumMet ? 'FAILED' : 'NO_QUORUM'],
    );
    const opened = new Date(Date.parse('2023-12-20T09:30:00+08:00') + i * 15 * 60_000);
    const [ballot] = await m.query(
      `INSERT INTO ballots (item_id, status, eligible_ids, recused_ids, unconflicted, yes, no, abstain, quorum_met, passed, opened_by, opened_at, closed_at)
       VALUES ($1, 'CLOSED', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        item.id,
        eligible,
        recused,
        eligible.length,
        yes,
        no,
        abstain,
        o.quorumMet,
        o.passed,
        panel[0],
        opened,
        new Date(opened.getTime() + 10 * 60_000),
      ],
    );
    await m.query(`INSERT INTO ballot_voters (ballot_id, user_id) SELECT $1, unnest($2::uuid[])`, [
      ballot.id,
      eligible,
    ]);
  }

  // ---- the mid-term defence, scheduled: reviewer1 among the members, one member conflicted with one project
  const accepted: { id: string }[] = await m.query(
    `SELECT user_id AS id FROM invitations WHERE round_id = $1 AND status = 'ACCEPTED'`,
    [midterm.id],
  );
  const r1 = pick([1])[0];
  const projects: { id: string }[] = await m.query(
    `SELECT rp.application_id AS id FROM round_projects rp JOIN applications ap ON ap.id = rp.application_id
      WHERE rp.round_id = $1 ORDER BY ap.external_id`,
    [midterm.id],
  );
  const midBlocked: { application_id: string; reviewer_id: string }[] = await m.query(
    `SELECT DISTINCT application_id, reviewer_id FROM conflicts WHERE round_id = $1`,
    [midterm.id],
  );
  const conflictsOf = (u: string) => midBlocked.filter((c) => c.reviewer_id === u).length;
  const pool = accepted.map((a) => a.id).filter((u) => u !== r1);
  // one member with exactly one conflict among the projects; the rest without any
  const oneConflict = pool.find((u) => conflictsOf(u) === 1);
  const clean = pool.filter((u) => conflictsOf(u) === 0);
  // seven in all: too few experts are free of every conflict, so the panel is filled up with
  // those with fewest (they leave the room for their projects, as real panels do)
  const fill = pool
    .filter((u) => u !== oneConflict && !clean.includes(u))
    .sort((a, b) => conflictsOf(a) - conflictsOf(b) || (a < b ? -1 : 1));
  const members = [r1, ...(oneConflict ? [oneConflict] : []), ...clean, ...fill].slice(0, 7);
  const [defence] = await m.query(
    `INSERT INTO panel_meetings (round_id, title_zh, title_en, kind, starts_at, location, status, rules, created_by)
     VALUES ($1, '2023年度项目中期答辩会', '2023 projects: mid-term defence', 'DEFENCE', '2026-12-18T09:00:00+08:00', '深圳市南山区', 'SCHEDULED', $2, $3)
     RETURNING id`,
    [midterm.id, JSON.stringify(DEFAULT_RULES), officerId],
  );
  const chair = members.find((u) => u !== r1 && u !== oneConflict) ?? members[0];
  await m.query(
    `INSERT INTO panel_members (meeting_id, user_id, role) SELECT $1, u, CASE WHEN u = $3 THEN 'CHAIR' ELSE 'MEMBER' END
       FROM unnest($2::uuid[]) AS u`,
    [defence.id, members, chair],
  );
  await m.query(
    `INSERT INTO panel_items (meeting_id, application_id, position, slot_start, slot_minutes)
     SELECT $1, p, o, '2026-12-18T09:00:00+08:00'::timestamptz + (o - 1) * interval '30 minutes', 30
       FROM unnest($2::uuid[]) WITH ORDINALITY AS x(p, o)`,
    [defence.id, projects.map((p) => p.id)],
  );
}
