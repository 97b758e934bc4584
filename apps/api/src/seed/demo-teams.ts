import type { EntityManager } from 'typeorm';
import { Role } from '../common/auth/role.enum';
import { UserEntity } from '../users/user.entity';

export const DEMO_PI_PASSWORD = 'demo-pi';

/**
 * The funded teams of the demo: `pi1@demo.local` leads a project of the open mid-term round that
 * reviewer1 evaluates, with its progress report submitted (one target below the call's number)
 * and a Shenzhen landing plan where committed; `pi2@demo.local` leads another, with a draft.
 * The mid-term reports are due ten days before the round closes.
 */
export async function seedDemoTeams(m: EntityManager, piHash: string): Promise<void> {
  const [round]: { id: string; closes_at: Date }[] = await m.query(
    `SELECT id, closes_at FROM review_rounds WHERE kind = 'MIDTERM' ORDER BY opens_at DESC LIMIT 1`,
  );
  if (!round) return;
  await m.query(`UPDATE review_rounds SET report_due_at = closes_at - interval '10 days' WHERE id = $1`, [round.id]);
  const projects: {
    id: string;
    pi: string;
    pi_name: string;
    landing: boolean;
    targets: { key: string; min?: number; max?: number; unit?: string }[];
    reviewer1: boolean;
  }[] = await m.query(
    `SELECT a.id, tm.person_id AS pi, p.name AS pi_name, a.shenzhen_landing AS landing, d.targets,
            EXISTS (SELECT 1 FROM assignments x JOIN users u ON u.id = x.reviewer_id
                     WHERE x.round_id = $1 AND x.application_id = a.id AND x.status = 'ACTIVE' AND u.email = 'reviewer1@demo.local'
                       AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.round_id = x.round_id AND c.application_id = x.application_id AND c.reviewer_id = x.reviewer_id)) AS reviewer1
       FROM round_projects rp JOIN applications a ON a.id = rp.application_id
       JOIN directions d ON d.id = a.direction_id
       JOIN team_members tm ON tm.application_id = a.id AND tm.role = 'PI'
       JOIN persons p ON p.id = tm.person_id
      WHERE rp.round_id = $1 ORDER BY a.external_id`,
    [round.id],
  );
  const numbered = (x: (typeof projects)[number]) => x.targets.filter((t) => t.min != null).length;
  const rank = (x: (typeof projects)[number]) =>
    (x.reviewer1 ? 4 : 0) + (x.landing ? 2 : 0) + (numbered(x) >= 2 ? 1 : 0);
  // the first has a target with a number to fall short of; reviewer1 evaluates it, if any such does
  const first = projects.filter((x) => numbered(x) > 0).sort((a, b) => rank(b) - rank(a))[0];
  const second = projects.find((x) => x.id !== first?.id && x.pi !== first?.pi && x.targets.length > 0);
  if (!first || !second) return;
  for (const [n, x] of [first, second].entries())
    await m.insert(UserEntity, {
      email: `pi${n + 1}@demo.local`,
      name: x.pi_name,
      roles: [Role.PI],
      passwordHash: piHash,
      personId: x.pi,
      emailConfirmedAt: new Date(),
    });
  const pi1 = await m.findOneByOrFail(UserEntity, { email: 'pi1@demo.local' });
  const pi2 = await m.findOneByOrFail(UserEntity, { email: 'pi2@demo.local' });
  // every target reached but one, which stands at 60% of the call's number (rounded down, and below it)
  let short = false;
  const reached = first.targets.map((t) => {
    let achieved = t.min != null ? Math.round(t.min * 1.1) : t.max != null ? Math.max(0, Math.floor(t.max * 0.8)) : 3;
    if (!short && t.min != null) {
      achieved = Math.min(Math.floor(t.min * 0.6), t.min - 1);
      short = true;
    }
    return {
      key: t.key,
      achieved,
      evidence:
        short && t.min != null && achieved < t.min
          ? '合作医院数据接入延迟，预计下一阶段完成。'
          : '见中期报告第二部分及附件。',
    };
  });
  await m.query(
    `INSERT INTO progress_reports (application_id, round_id, status, summary, targets, landing, version, submitted_at, late, updated_by)
     VALUES ($1, $2, 'SUBMITTED', $3, $4, $5, 4, $6, false, $7)`,
    [
      first.id,
      round.id,
      '项目按计划推进：数学模型与算法框架已完成，多中心数据平台上线；一项数据指标因合作医院接入延迟暂未达到指南要求，已制定补救计划。',
      JSON.stringify(reached),
      first.landing
        ? JSON.stringify({
            partner: '深圳市人民医院',
            site: '深圳市南山区',
            milestones: '第三年：临床试用；第四年：多中心推广；第五年：成果转化与产业化。',
            requestedAmount: 3_500_000,
          })
        : null,
      new Date(round.closes_at.getTime() - 15 * 86_400_000),
      pi1.id,
    ],
  );
  await m.query(
    `INSERT INTO progress_reports (application_id, round_id, status, summary, targets, version, updated_by)
     VALUES ($1, $2, 'DRAFT', $3, $4, 2, $5)`,
    [
      second.id,
      round.id,
      '进展概述（草稿）：',
      JSON.stringify(second.targets.slice(0, 1).map((t) => ({ key: t.key, achieved: t.min ?? 1, evidence: '' }))),
      pi2.id,
    ],
  );
}
