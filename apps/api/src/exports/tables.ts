import { badInput } from '../common/graphql/errors';
import { beijingTime, type Lang } from '../common/i18n/texts';
import { CONFLICT_BLOCKS } from '../conflicts/conflict-sql';
import type { ExportsService } from './exports.service';
import { DECISION, DOC_KIND, GRADE, inLang, RULE, SOURCE, word, YES_NO } from './labels';
import type { Table } from './tabular';

export const METHODS = ['mean', 'zscore', 'calibrated'] as const;
export type Method = (typeof METHODS)[number];

/** What a request asks of a table: `?method=`, `?confidential=`, `?lang=`. */
export interface ExportRequest {
  roundId: string;
  lang: Lang;
  method: Method;
  confidential: boolean;
}

/** A named table of a round, exported as CSV or XLSX (`GET /exports/rounds/:roundId/<name>.<format>`). */
export interface TableExport {
  build(exports: ExportsService, q: ExportRequest): Promise<Table>;
}

/**
 * Every table officers can export, by name: adding one is adding an entry here (its query, its
 * columns in both languages, and how stored codes read). Reviewers appear only as codes within a
 * project in summaries; names only in the workload and conflict lists officers manage.
 */
export const TABLES: Record<string, TableExport> = {
  'reviewer-summaries': {
    build: (x, q) => x.reviewerSummaryTable(q.roundId, q.method, q.confidential, q.lang),
  },
  ranking: {
    build: (x, q) => x.rankingTable(q.roundId, q.method, q.lang),
  },
  decisions: {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('资助决定', 'Decisions'),
        [
          { key: 'direction', header: t('方向', 'Direction'), width: 8 },
          { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
          { key: 'title', header: t('项目名称', 'Title'), width: 40 },
          { key: 'decision', header: t('决定', 'Decision'), width: 12 },
          { key: 'amount', header: t('金额（元）', 'Amount (CNY)'), numFmt: '#,##0', width: 14 },
          { key: 'grade', header: t('等级', 'Grade'), width: 10 },
          { key: 'note', header: t('说明', 'Note'), width: 40 },
          { key: 'decided_at', header: t('决定时间（北京时间）', 'Decided at (Beijing time)'), width: 20 },
        ],
        `SELECT d.number AS direction, a.external_id, a.title_zh, a.title_en, f.decision, f.amount::float AS amount, f.grade, f.note, f.decided_at
           FROM funding_decisions f JOIN applications a ON a.id = f.application_id JOIN directions d ON d.id = a.direction_id
          WHERE f.round_id = $1 ORDER BY d.number, a.external_id`,
        [roundId],
        (r) => ({
          ...r,
          title: lang === 'en' ? r.title_en || r.title_zh : r.title_zh,
          decision: word(DECISION, r.decision as string, lang),
          grade: word(GRADE, r.grade as string | null, lang),
          decided_at: beijingTime(r.decided_at as Date | null),
        }),
      );
    },
  },
  pledges: {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('承诺书签署', 'Pledges'),
        [
          { key: 'name', header: t('专家', 'Reviewer'), width: 16 },
          { key: 'email', header: t('邮箱', 'E-mail'), width: 26 },
          { key: 'version', header: t('版本', 'Version'), width: 8 },
          { key: 'signed_at', header: t('签署时间（北京时间）', 'Signed at (Beijing time)'), width: 20 },
          { key: 'text', header: t('所签文本', 'Text signed'), width: 60 },
        ],
        `SELECT u.name, u.email, p.version, p.signed_at, p.text_zh, p.text_en
           FROM pledges p JOIN users u ON u.id = p.user_id WHERE p.round_id = $1 ORDER BY p.signed_at, u.email`,
        [roundId],
        (r) => ({ ...r, text: lang === 'en' ? r.text_en : r.text_zh, signed_at: beijingTime(r.signed_at as Date) }),
      );
    },
  },
  /** 材料查阅记录: every view and download of the round's projects' documents, oldest first. */
  'document-access': {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('材料查阅记录', 'Document access'),
        [
          { key: 'at', header: t('时间（北京时间）', 'When (Beijing time)'), width: 18 },
          { key: 'name', header: t('查阅人', 'Reader'), width: 16 },
          { key: 'email', header: t('账号', 'Account'), width: 26 },
          { key: 'action', header: t('操作', 'Action'), width: 8 },
          { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
          { key: 'kind', header: t('材料', 'Document'), width: 12 },
          { key: 'filename', header: t('文件名', 'File'), width: 30 },
          { key: 'watermarked', header: t('水印', 'Watermarked'), width: 8 },
          { key: 'ip', header: t('来源地址', 'Address'), width: 16 },
        ],
        `SELECT l.at, u.name, u.email, l.action, a.external_id, d.kind, d.filename, l.after->>'ip' AS ip,
                COALESCE((l.after->>'watermarked')::boolean, false) AS watermarked
           FROM audit_log l JOIN documents d ON d.id::text = l.entity_id JOIN applications a ON a.id = d.application_id
           JOIN round_projects rp ON rp.application_id = a.id AND rp.round_id = $1
           LEFT JOIN users u ON u.id = l.actor_id
          WHERE l.entity = 'document' AND l.action IN ('document.view', 'document.download')
          ORDER BY l.id`,
        [roundId],
        (r) => ({
          ...r,
          at: beijingTime(r.at as Date),
          action: r.action === 'document.download' ? t('下载', 'download') : t('查阅', 'view'),
          kind: word(DOC_KIND, r.kind as string, lang),
          watermarked: word(YES_NO, r.watermarked ? 'yes' : 'no', lang),
        }),
      );
    },
  },
  /** 会议纪要: every ballot of the round's panel meetings — never who voted how (nothing stores it). */
  'panel-minutes': {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('会议评审纪要', 'Panel minutes'),
        [
          { key: 'meeting', header: t('会议', 'Meeting'), width: 28 },
          { key: 'starts_at', header: t('会议时间（北京时间）', 'Held (Beijing time)'), width: 20 },
          { key: 'attendance', header: t('出席 / 成员', 'Present / members'), width: 12 },
          { key: 'position', header: t('议程序号', 'Item'), width: 8 },
          { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
          { key: 'title', header: t('项目名称', 'Title'), width: 36 },
          { key: 'recused', header: t('回避人员', 'Recused'), width: 24 },
          { key: 'eligible', header: t('有表决权', 'Eligible'), width: 10 },
          { key: 'yes', header: t('赞成', 'Yes'), width: 8 },
          { key: 'no', header: t('反对', 'No'), width: 8 },
          { key: 'abstain', header: t('弃权', 'Abstain'), width: 8 },
          { key: 'quorum', header: t('达到法定人数', 'Quorum met'), width: 12 },
          { key: 'result', header: t('结果', 'Result'), width: 12 },
          { key: 'closed_at', header: t('表决结束（北京时间）', 'Closed (Beijing time)'), width: 20 },
          { key: 'notes', header: t('组长记录', 'Chair’s notes'), width: 40 },
        ],
        `SELECT i.notes, pm.title_zh, pm.title_en, pm.starts_at, i.position, a.external_id, a.title_zh AS project_zh, a.title_en AS project_en,
                (SELECT count(*) FILTER (WHERE present) || ' / ' || count(*) FROM panel_members x WHERE x.meeting_id = pm.id) AS attendance,
                (SELECT string_agg(u.name, '、' ORDER BY u.name) FROM users u WHERE u.id = ANY(b.recused_ids)) AS recused,
                cardinality(b.eligible_ids) AS eligible, b.yes, b.no, b.abstain, b.quorum_met, b.passed, b.status, b.closed_at
           FROM panel_meetings pm JOIN panel_items i ON i.meeting_id = pm.id JOIN applications a ON a.id = i.application_id
           JOIN ballots b ON b.item_id = i.id
          WHERE pm.round_id = $1 ORDER BY pm.starts_at, i.position, b.opened_at`,
        [roundId],
        (r) => {
          const closed = r.status === 'CLOSED';
          return {
            ...r,
            meeting: lang === 'en' ? r.title_en : r.title_zh,
            title: lang === 'en' ? r.project_en || r.project_zh : r.project_zh,
            starts_at: beijingTime(r.starts_at as Date),
            yes: closed ? r.yes : null,
            no: closed ? r.no : null,
            abstain: closed ? r.abstain : null,
            quorum: closed ? word(YES_NO, r.quorum_met ? 'yes' : 'no', lang) : '',
            result: !closed
              ? t('投票中', 'open')
              : r.passed
                ? t('通过', 'passed')
                : r.quorum_met
                  ? t('未通过', 'not passed')
                  : t('未达法定人数', 'no quorum'),
            closed_at: beijingTime(r.closed_at as Date | null),
          };
        },
      );
    },
  },
  workload: {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('工作量', 'Workload'),
        [
          { key: 'name', header: t('专家', 'Reviewer'), width: 16 },
          { key: 'email', header: t('邮箱', 'E-mail'), width: 26 },
          { key: 'assigned', header: t('分配', 'Assigned'), width: 10 },
          { key: 'drafts', header: t('草稿', 'Drafts'), width: 10 },
          { key: 'submitted', header: t('已提交', 'Submitted'), width: 10 },
        ],
        `SELECT u.name, u.email, count(a.id)::int AS assigned,
                count(r.id) FILTER (WHERE r.status = 'DRAFT')::int AS drafts,
                count(r.id) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted
           FROM assignments a JOIN users u ON u.id = a.reviewer_id LEFT JOIN reviews r ON r.assignment_id = a.id
          WHERE a.round_id = $1 AND a.status = 'ACTIVE' GROUP BY u.name, u.email ORDER BY u.email`,
        [roundId],
      );
    },
  },
  conflicts: {
    build: (x, { roundId, lang }) => {
      const t = inLang(lang);
      return x.queryTable(
        t('回避', 'Conflicts'),
        [
          { key: 'external_id', header: t('申请编号', 'Application'), width: 16 },
          { key: 'reviewer', header: t('专家', 'Reviewer'), width: 16 },
          { key: 'rule', header: t('规则', 'Rule'), width: 20 },
          { key: 'evidence', header: t('证据', 'Evidence'), width: 60 },
          { key: 'source', header: t('来源', 'Source'), width: 10 },
          { key: 'overridden', header: t('已豁免', 'Overridden'), width: 10 },
        ],
        `SELECT a.external_id, u.name AS reviewer, c.rule, c.evidence, c.evidence_zh, c.source,
                CASE WHEN ${CONFLICT_BLOCKS} THEN 'no' ELSE 'yes' END AS overridden
           FROM conflicts c JOIN applications a ON a.id = c.application_id JOIN users u ON u.id = c.reviewer_id
          WHERE c.round_id = $1 ORDER BY a.external_id, u.email, c.rule`,
        [roundId],
        (r) => ({
          ...r,
          rule: word(RULE, r.rule as string, lang),
          evidence: lang === 'zh' ? r.evidence_zh || r.evidence : r.evidence,
          source: word(SOURCE, r.source as string, lang),
          overridden: word(YES_NO, r.overridden as string, lang),
        }),
      );
    },
  },
};

/** The table asked for by name; BAD_USER_INPUT naming the ones there are. */
export function tableNamed(name: string): TableExport {
  const t = Object.hasOwn(TABLES, name) ? TABLES[name] : undefined;
  if (!t) throw badInput('table', `must be one of ${Object.keys(TABLES).join(', ')} / 没有该导出表`);
  return t;
}

export const methodOf = (m: string | undefined): Method => {
  const v = (m ?? 'calibrated').toLowerCase();
  if (!(METHODS as readonly string[]).includes(v))
    throw badInput('method', 'must be mean, zscore or calibrated / 须为 mean、zscore 或 calibrated');
  return v as Method;
};

/** `?lang=zh` (the default) or `?lang=en`: every header, code and date of the file in that language. */
export const langOf = (l: string | undefined): Lang => {
  const v = (l ?? 'zh').toLowerCase();
  if (v === 'zh' || v === 'zh-cn') return 'zh';
  if (v === 'en' || v === 'en-us') return 'en';
  throw badInput('lang', 'must be zh or en / 须为 zh 或 en');
};
