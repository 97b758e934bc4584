import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { notFound } from '../common/graphql/errors';
import { CONFLICT_BLOCKS } from '../conflicts/conflict-sql';
import { RankingService } from '../ranking/ranking.service';
import { RoundEntity } from '../rounds/round.entity';
import { beijingTime, type Lang } from '../common/i18n/texts';
import type { MinutesMeeting } from './pdf';
import { FLAG, FUNDER, inLang, PROJECT_STATUS, RATING, RECOMMENDATION, word } from './labels';
import type { Column, Table } from './tabular';

const BATCH = 500;

interface SummaryReview {
  code: string;
  scores: Record<string, number>;
  total: number | null;
  rating: string | null;
  recommendation: string | null;
  commentToApplicant: string;
  confidentialComment: string;
}

export interface ProjectSummary {
  projectId: string;
  externalId: string;
  direction: number;
  directionTitle: string;
  directionTitleEn: string;
  title: string;
  titleEn: string;
  rank: number | null;
  value: number | null;
  mean: number | null;
  sd: number | null;
  n: number;
  reviews: SummaryReview[];
}

/**
 * Officers' exports. Reviewers appear only as codes R1, R2 … within each project (never names or
 * e-mails); confidential comments only when asked for. Projects are read in batches.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ranking: RankingService,
  ) {}

  async round(roundId: string) {
    const r = await this.db.getRepository(RoundEntity).findOneBy({ id: roundId });
    if (!r) throw notFound('round', roundId);
    return r;
  }

  /** The round's panel meetings as their minutes record them (tallies of closed ballots only). */
  async minutes(roundId: string, lang: Lang): Promise<MinutesMeeting[]> {
    const t = inLang(lang);
    const meetings: {
      id: string;
      title_zh: string;
      title_en: string;
      kind: 'SELECTION' | 'DEFENCE';
      starts_at: Date;
      location: string | null;
      rules: {
        quorum: { num: number; den: number };
        threshold: { num: number; den: number };
        strict: boolean;
        base: string;
      };
    }[] = await this.db.query(
      `SELECT id, title_zh, title_en, kind, starts_at, location, rules FROM panel_meetings WHERE round_id = $1 ORDER BY starts_at, id`,
      [roundId],
    );
    if (meetings.length === 0) return [];
    const ids = meetings.map((m) => m.id);
    const members: { meeting_id: string; name: string; role: string; present: boolean }[] = await this.db.query(
      `SELECT pm.meeting_id, u.name, pm.role, pm.present FROM panel_members pm JOIN users u ON u.id = pm.user_id
        WHERE pm.meeting_id = ANY($1::uuid[])
        ORDER BY array_position(ARRAY['CHAIR','VICE_CHAIR','MEMBER','SUBSTITUTE'], pm.role), u.name`,
      [ids],
    );
    const items: {
      id: string;
      meeting_id: string;
      position: number;
      external_id: string;
      title_zh: string;
      title_en: string | null;
      notes: string | null;
      panel_grade: string | null;
      panel_grade_reason: string | null;
      recused: string[] | null;
    }[] = await this.db.query(
      `SELECT i.id, i.meeting_id, i.position, a.external_id, a.title_zh, a.title_en, i.notes,
              CASE WHEN m.kind = 'DEFENCE' THEN rp.panel_grade END AS panel_grade,
              CASE WHEN m.kind = 'DEFENCE' THEN rp.panel_grade_reason END AS panel_grade_reason,
              (SELECT array_agg(u.name ORDER BY u.name) FROM panel_members x JOIN users u ON u.id = x.user_id
                WHERE x.meeting_id = i.meeting_id AND EXISTS (SELECT 1 FROM conflicts c
                  WHERE c.round_id = m.round_id AND c.application_id = i.application_id AND c.reviewer_id = x.user_id
                    AND ${CONFLICT_BLOCKS})) AS recused
         FROM panel_items i JOIN panel_meetings m ON m.id = i.meeting_id JOIN applications a ON a.id = i.application_id
         LEFT JOIN round_projects rp ON rp.round_id = m.round_id AND rp.application_id = i.application_id
        WHERE i.meeting_id = ANY($1::uuid[]) ORDER BY i.position`,
      [ids],
    );
    const ballots: {
      item_id: string;
      status: string;
      proposed_grade: string | null;
      eligible: number;
      yes: number;
      no: number;
      abstain: number;
      quorum_met: boolean | null;
      passed: boolean | null;
      closed_at: Date | null;
    }[] = await this.db.query(
      `SELECT b.item_id, b.status, b.proposed_grade, cardinality(b.eligible_ids) AS eligible, b.yes, b.no, b.abstain, b.quorum_met, b.passed, b.closed_at
         FROM ballots b JOIN panel_items i ON i.id = b.item_id WHERE i.meeting_id = ANY($1::uuid[]) ORDER BY b.opened_at`,
      [ids],
    );
    const frac = (f: { num: number; den: number }) => `${f.num}/${f.den}`;
    return meetings.map((m) => ({
      titleZh: m.title_zh,
      titleEn: m.title_en,
      kind: m.kind,
      startsAt: beijingTime(m.starts_at) ?? '',
      location: m.location,
      rules: t(
        `法定人数：无利益冲突成员的 ${frac(m.rules.quorum)} 出席；通过：赞成票${m.rules.strict ? '超过' : '达到'}${m.rules.base === 'MEMBERS' ? '无利益冲突成员' : '出席有表决权成员'}的 ${frac(m.rules.threshold)}`,
        `Quorum: ${frac(m.rules.quorum)} of the unconflicted members present; passes with yes ${m.rules.strict ? 'above' : 'at least'} ${frac(m.rules.threshold)} of the ${m.rules.base === 'MEMBERS' ? 'unconflicted members' : 'eligible members present'}`,
      ),
      members: members
        .filter((x) => x.meeting_id === m.id)
        .map((x) => ({ name: x.name, role: x.role, present: x.present })),
      items: items
        .filter((i) => i.meeting_id === m.id)
        .map((i) => ({
          position: i.position,
          externalId: i.external_id,
          title: lang === 'en' ? i.title_en || i.title_zh : i.title_zh,
          recused: i.recused ?? [],
          notes: i.notes,
          grade: i.panel_grade,
          gradeReason: i.panel_grade_reason,
          ballots: ballots
            .filter((b) => b.item_id === i.id)
            .map((b) => {
              const closed = b.status === 'CLOSED';
              return {
                proposedGrade: b.proposed_grade,
                eligible: Number(b.eligible),
                yes: closed ? b.yes : null,
                no: closed ? b.no : null,
                abstain: closed ? b.abstain : null,
                result: !closed
                  ? t('投票中', 'open')
                  : b.passed
                    ? t('通过', 'passed')
                    : b.quorum_met
                      ? t('未通过', 'not passed')
                      : t('未达法定人数', 'no quorum'),
                closedAt: beijingTime(b.closed_at) ?? '',
              };
            }),
        })),
    }));
  }

  /** Every project of the round with its submitted reviews, ordered by direction then rank. */
  /** Rank and value of each project, computed once per export (the ranking is the costly part). */
  async ranks(
    roundId: string,
    method: 'mean' | 'zscore' | 'calibrated',
  ): Promise<Map<string, { rank: number; value: number }>> {
    return this.ranking.rankValues(roundId, method);
  }

  async *summaries(
    roundId: string,
    method: 'mean' | 'zscore' | 'calibrated',
    ranks?: Map<string, { rank: number; value: number }>,
  ): AsyncIterable<ProjectSummary> {
    const rankOf = ranks ?? (await this.ranks(roundId, method));
    const projects: {
      id: string;
      external_id: string;
      number: number;
      dtitle: string;
      dtitle_en: string;
      title_zh: string;
      title_en: string | null;
    }[] = await this.db.query(
      `SELECT a.id, a.external_id, d.number, d.title_zh AS dtitle, d.title_en AS dtitle_en, a.title_zh, a.title_en FROM round_projects rp
         JOIN applications a ON a.id = rp.application_id JOIN directions d ON d.id = a.direction_id
        WHERE rp.round_id = $1 ORDER BY d.number, a.external_id`,
      [roundId],
    );
    projects.sort(
      (a, b) =>
        a.number - b.number ||
        (rankOf.get(a.id)?.rank ?? 1e9) - (rankOf.get(b.id)?.rank ?? 1e9) ||
        (a.external_id < b.external_id ? -1 : 1),
    );
    for (let i = 0; i < projects.length; i += BATCH) {
      const batch = projects.slice(i, i + BATCH);
      const reviews: {
        application_id: string;
        scores: Record<string, number>;
        total: number | null;
        rating: string | null;
        recommendation: string | null;
        comment_to_applicant: string;
        confidential_comment: string;
      }[] = await this.db.query(
        `SELECT a.application_id, r.scores, r.total, r.rating, r.recommendation, r.comment_to_applicant, r.confidential_comment
             FROM assignments a JOIN reviews r ON r.assignment_id = a.id
            WHERE a.round_id = $1 AND a.application_id = ANY($2) AND r.status = 'SUBMITTED'
            ORDER BY a.application_id, a.created_at, a.id`,
        [roundId, batch.map((p) => p.id)],
      );
      const byProject = new Map<string, typeof reviews>();
      for (const r of reviews)
        (byProject.get(r.application_id) ?? byProject.set(r.application_id, []).get(r.application_id)!).push(r);
      for (const p of batch) {
        const rs = byProject.get(p.id) ?? [];
        const totals = rs
          .map((r) => r.total)
          .filter((t): t is number => t !== null)
          .map(Number);
        const mean = totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : null;
        const sd = mean === null ? null : Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / totals.length);
        const rk = rankOf.get(p.id);
        yield {
          projectId: p.id,
          externalId: p.external_id,
          direction: p.number,
          directionTitle: p.dtitle,
          directionTitleEn: p.dtitle_en,
          title: p.title_zh,
          titleEn: p.title_en || p.title_zh,
          rank: rk?.rank ?? null,
          value: rk?.value ?? null,
          mean: mean === null ? null : Math.round(mean * 100) / 100,
          sd: sd === null ? null : Math.round(sd * 100) / 100,
          n: rs.length,
          reviews: rs.map((r, k) => ({
            code: `R${k + 1}`,
            scores: r.scores,
            total: r.total === null ? null : Number(r.total),
            rating: r.rating,
            recommendation: r.recommendation,
            commentToApplicant: r.comment_to_applicant,
            confidentialComment: r.confidential_comment,
          })),
        };
      }
    }
  }

  /** One row per review (project columns repeated), for CSV and XLSX. */
  async reviewerSummaryTable(
    roundId: string,
    method: 'mean' | 'zscore' | 'calibrated',
    confidential: boolean,
    lang: Lang = 'zh',
  ): Promise<Table> {
    const round = await this.round(roundId);
    const t = inLang(lang);
    const columns: Column[] = [
      { key: 'direction', header: t('方向', 'Direction'), width: 8 },
      { key: 'projectNo', header: t('申请编号', 'Application'), width: 16 },
      { key: 'title', header: t('项目名称', 'Title'), width: 40 },
      { key: 'rank', header: t(`排名（${method}）`, `Rank (${method})`), width: 10 },
      { key: 'value', header: t('排序值', 'Value'), numFmt: '0.00', width: 10 },
      { key: 'mean', header: t('平均分', 'Mean'), numFmt: '0.00', width: 10 },
      { key: 'sd', header: t('标准差', 'SD'), numFmt: '0.00', width: 10 },
      { key: 'n', header: t('评审数', 'N'), width: 8 },
      { key: 'reviewer', header: t('评审专家', 'Reviewer'), width: 10 },
      ...round.criteria.map((c) => ({
        key: `c:${c.key}`,
        header: `${t(c.labelZh, c.labelEn)} (${c.weight})`,
        numFmt: '0.0',
        width: 12,
      })),
      { key: 'total', header: t('总分', 'Total'), numFmt: '0.00', width: 10 },
      { key: 'rating', header: t('评价', 'Rating'), width: 10 },
      { key: 'recommendation', header: t('建议', 'Recommendation'), width: 16 },
      { key: 'commentToApplicant', header: t('给申请人的意见', 'Comment to the applicant'), width: 50 },
      ...(confidential
        ? [{ key: 'confidentialComment', header: t('保密意见', 'Confidential comment'), width: 50 }]
        : []),
    ];
    const ranks = await this.ranks(roundId, method);
    const summaries = () => this.summaries(roundId, method, ranks);
    return {
      title: t('汇总', 'Summary'),
      columns,
      sheetOf: (row) => t(`方向${row.direction}`, `Direction ${row.direction}`),
      rows: async function* () {
        for await (const p of summaries()) {
          const base = {
            direction: p.direction,
            projectNo: p.externalId,
            title: lang === 'en' ? p.titleEn : p.title,
            rank: p.rank,
            value: p.value,
            mean: p.mean,
            sd: p.sd,
            n: p.n,
          };
          if (p.reviews.length === 0) yield base;
          for (const r of p.reviews) {
            yield {
              ...base,
              reviewer: r.code,
              ...Object.fromEntries(round.criteria.map((c) => [`c:${c.key}`, r.scores[c.key] ?? null])),
              total: r.total,
              rating: word(RATING, r.rating, lang),
              recommendation: word(RECOMMENDATION, r.recommendation, lang),
              commentToApplicant: r.commentToApplicant,
              ...(confidential ? { confidentialComment: r.confidentialComment } : {}),
            };
          }
        }
      },
    };
  }

  async rankingTable(roundId: string, method: 'mean' | 'zscore' | 'calibrated', lang: Lang = 'zh'): Promise<Table> {
    await this.round(roundId);
    const rows = await this.ranking.ranking(roundId, method, null);
    const t = inLang(lang);
    return {
      title: t('排序', 'Ranking'),
      columns: [
        { key: 'rank', header: t('排名', 'Rank'), width: 8 },
        { key: 'rawRank', header: t('原始排名', 'Raw rank'), width: 10 },
        { key: 'direction', header: t('方向', 'Direction'), width: 8 },
        { key: 'projectNo', header: t('申请编号', 'Application'), width: 16 },
        { key: 'title', header: t('项目名称', 'Title'), width: 40 },
        { key: 'value', header: t('排序值', 'Value'), numFmt: '0.00' },
        { key: 'rawMean', header: t('平均分', 'Mean'), numFmt: '0.00' },
        { key: 'ciLow', header: t('90% 区间下限', '90% CI low'), numFmt: '0.00' },
        { key: 'ciHigh', header: t('90% 区间上限', '90% CI high'), numFmt: '0.00' },
        { key: 'n', header: t('评审数', 'N'), width: 8 },
        { key: 'percentile', header: t('百分位', 'Percentile'), width: 10 },
        { key: 'flags', header: t('提示', 'Flags'), width: 24 },
      ],
      sheetOf: (row) => t(`方向${row.direction}`, `Direction ${row.direction}`),
      rows: async function* () {
        for (const r of [...rows].sort((a, b) => a.direction.number - b.direction.number || a.rank - b.rank)) {
          yield {
            rank: r.rank,
            rawRank: r.rawRank,
            direction: r.direction.number,
            projectNo: r.application.externalId,
            title: lang === 'en' ? r.application.titleEn || r.application.titleZh : r.application.titleZh,
            value: r.value,
            rawMean: r.rawMean,
            ciLow: r.ciLow,
            ciHigh: r.ciHigh,
            n: r.n,
            percentile: r.percentile,
            flags: r.flags.map((f) => word(FLAG, f, lang)).join(lang === 'en' ? ', ' : '、'),
          };
        }
      },
    };
  }

  /** The call's money: one row per funded project with its phase-1 and phase-2 amounts by year, then the totals. */
  async budgetTable(programId: string, lang: Lang = 'zh'): Promise<Table> {
    const b = await this.ranking.budget(programId);
    const t = inLang(lang);
    const years = [...new Set(b.byYear.map((y) => y.year))].sort();
    const funder = (f: string[]) => f.map((x) => word(FUNDER, x, lang)).join(' + ');
    return {
      title: t('经费预算', 'Budget'),
      columns: [
        { key: 'direction', header: t('方向', 'Direction'), width: 8 },
        { key: 'projectNo', header: t('申请编号', 'Application'), width: 16 },
        { key: 'title', header: t('项目名称', 'Title'), width: 40 },
        { key: 'status', header: t('状态', 'Status'), width: 12 },
        { key: 'phase1', header: t('第一阶段（元）', 'Phase 1 (CNY)'), numFmt: '#,##0', width: 16 },
        { key: 'phase2', header: t('第二阶段（元）', 'Phase 2 (CNY)'), numFmt: '#,##0', width: 16 },
        ...years.map((y) => ({ key: `y${y}`, header: t(`${y} 年（元）`, `${y} (CNY)`), numFmt: '#,##0', width: 14 })),
        { key: 'funders', header: t('资助方', 'Funders'), width: 28 },
      ],
      rows: async function* () {
        for (const p of b.projects) {
          const row: Record<string, unknown> = {
            direction: p.direction,
            projectNo: p.project.externalId,
            title: lang === 'en' ? p.project.titleEn || p.project.titleZh : p.project.titleZh,
            status: word(PROJECT_STATUS, p.status, lang),
            phase1: p.phase1Amount,
            phase2: p.phase2Amount,
            funders: [...new Set(p.years.map((y) => funder(y.funders)))].join(lang === 'en' ? '; ' : '；'),
          };
          for (const y of p.years) row[`y${y.year}`] = ((row[`y${y.year}`] as number) ?? 0) + y.amount;
          yield row;
        }
        const total: Record<string, unknown> = {
          title: t('合计', 'Total'),
          phase1: b.phase1Total,
          phase2: b.phase2Total,
          funders: b.byYear.map((y) => `${y.year} ${funder(y.funders)}`).join(lang === 'en' ? '; ' : '；'),
        };
        for (const y of b.byYear) total[`y${y.year}`] = ((total[`y${y.year}`] as number) ?? 0) + y.amount;
        yield total;
      },
    };
  }

  /** A table from one query; `cell` turns stored codes and instants into what people read. */
  async queryTable(
    title: string,
    columns: Column[],
    sql: string,
    params: unknown[],
    cell: (row: Record<string, unknown>) => Record<string, unknown> = (r) => r,
  ): Promise<Table> {
    const rows: Record<string, unknown>[] = await this.db.query(sql, params);
    return {
      title,
      columns,
      rows: async function* () {
        for (const r of rows) yield cell(r);
      },
    };
  }
}
