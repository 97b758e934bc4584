import { CALL_2023 } from '@app/eligibility';
import { IMPORT_COLUMNS, type ImportColumn } from '../applications/import-format';
import { DEMO_INSTITUTIONS } from './demo-data';

/**
 * 40 demo applications over the 14 directions, teams of 4–8 mixing mathematics, medicine and IT,
 * written as rows of the import format (so the demo goes through the real importer). A few are
 * ineligible for visible reasons; DEMO_INELIGIBLE names them with the rule each breaks.
 */
const SURNAMES = [
  '钱',
  '孔',
  '严',
  '华',
  '金',
  '魏',
  '陶',
  '姜',
  '戚',
  '谢',
  '邹',
  '喻',
  '柏',
  '水',
  '窦',
  '章',
  '云',
  '苏',
  '潘',
  '葛',
  '奚',
  '范',
  '彭',
  '郎',
  '鲁',
  '韦',
  '昌',
  '苗',
  '凤',
  '花',
  '方',
  '俞',
  '任',
  '袁',
  '柳',
  '酆',
  '鲍',
  '史',
  '费',
  '廉',
];
const GIVEN = [
  '思远',
  '嘉怡',
  '子涵',
  '浩然',
  '雨桐',
  '博文',
  '欣怡',
  '俊杰',
  '梓萱',
  '宇航',
  '诗琪',
  '明轩',
  '若曦',
  '天佑',
  '佳琪',
  '志远',
  '晨曦',
  '一鸣',
  '紫涵',
  '文博',
];
const FLAVOURS = [
  '理论、算法与临床验证',
  '可解释性与可靠性研究',
  '多中心数据驱动的建模方法',
  '高效训练与推理的数学基础',
  '面向深圳临床转化的系统研发',
];
const FLAVOURS_EN = [
  'theory, algorithms and clinical validation',
  'interpretability and reliability',
  'modelling from multi-centre data',
  'mathematical foundations of efficient training and inference',
  'systems for clinical translation in Shenzhen',
];
const LEADS = [
  'SZU',
  'SUSTECH',
  'CUHKSZ',
  'SIAT',
  'HITSZ',
  'PCL',
  'SZBL',
  'PKU',
  'THU',
  'FUDAN',
  'SJTU',
  'ZJU',
  'AMSS',
  'USTC',
];
const HOSPITALS = ['PKUSZH', 'SZPH', 'CAMS', 'SMU', 'SYSU'];
const IT_PLACES = ['PCL', 'SIAT', 'HITSZ', 'SUSTECH', 'HUST', 'WHU'];
const KEYWORDS: Record<number, string[]> = {
  1: ['随机矩阵', '大模型', '谱分析'],
  2: ['模型约化', '低秩逼近', '大模型'],
  3: ['元数据治理', '医学数据', '多中心'],
  4: ['医学影像', '大模型', '图像判读'],
  5: ['移动计算', '分布式训练', '医学大模型'],
  6: ['评测方法', '医学影像', '可信AI'],
  7: ['超声', '多模态', '基础模型'],
  8: ['蛋白质设计', '生成模型', '结构预测'],
  9: ['多肽药物', '分子生成', '大模型'],
  10: ['微重力', '脑超微结构', '三室模型'],
  11: ['颅内肿瘤', '多模态融合', '诊疗模型'],
  12: ['风湿病', '中西医结合', '多语言大模型'],
  13: ['持续学习', '交互反馈', '专病诊疗'],
  14: ['核医学', 'PET', '诊疗一体化'],
};
const byKey = new Map(DEMO_INSTITUTIONS.map((i) => [i.key, i]));

export const DEMO_INELIGIBLE: Record<string, string[]> = {
  'APP-2023-006': ['COOPERATING_INSTITUTIONS'],
  'APP-2023-010': ['APPLICANT_STATUS'],
  'APP-2023-014': ['SUBMISSION_WINDOW'],
  'APP-2023-018': ['DISCIPLINE_MIX'],
  'APP-2023-022': ['ONE_DIRECTION_PER_PERSON'],
  'APP-2023-023': ['ONE_DIRECTION_PER_PERSON'],
  'APP-2023-027': ['BUDGET'],
  'APP-2023-031': ['DIRECTION_CONDITION'],
  'APP-2023-035': ['MATH_APPLICATION_CODE'],
};

type Row = Partial<Record<ImportColumn, string>>;

export function demoApplicationRows(): Row[] {
  const rows: Row[] = [];
  let personNo = 0;
  for (let i = 0; i < 40; i++) {
    const n = i + 1;
    const id = `APP-2023-${String(n).padStart(3, '0')}`;
    const dir = CALL_2023.directions[i % 14];
    const lead = LEADS[i % LEADS.length];
    const coop = [HOSPITALS[i % HOSPITALS.length], IT_PLACES[(i * 3) % IT_PLACES.length]].filter((k) => k !== lead);
    if (id === 'APP-2023-006') coop.push('WHU', 'HUST');
    const day = 14 + (i % 7);
    let submittedAt = `2023-10-${day}T${String(9 + (i % 8)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00+08:00`;
    if (id === 'APP-2023-014') submittedAt = '2023-10-20T16:05:00+08:00';
    if (n === 12) submittedAt = '2023-10-20T07:59:00Z'; // 15:59 in Beijing: just in time, given in UTC
    let budget = dir.funding;
    if (id === 'APP-2023-027') budget = dir.funding + 500000;
    const conditions = id === 'APP-2023-031' ? [] : dir.conditions;
    const size = 4 + (i % 5);
    const app: Row = {
      application_id: id,
      direction: String(dir.number),
      title_zh: `${dir.titleZh}：${FLAVOURS[i % FLAVOURS.length]}`,
      title_en: `${dir.titleEn}: ${FLAVOURS_EN[i % FLAVOURS_EN.length]}`,
      keywords: KEYWORDS[dir.number].join(';'),
      application_code1: id === 'APP-2023-035' ? 'F0201' : `A01${String(10 + (i % 8)).padStart(2, '0')}`,
      lead_institution: byKey.get(lead)!.name,
      cooperating_institutions: [...new Set(coop)].map((k) => byKey.get(k)!.name).join(';'),
      budget_direct: String(budget),
      budget_indirect: '0',
      submitted_at: submittedAt,
      conditions_met: conditions.join(';'),
      shenzhen_landing: i % 5 < 3 ? 'true' : 'false',
    };
    for (let j = 0; j < size; j++) {
      personNo++;
      const role = j === 0 ? 'PI' : j === 1 ? 'CO_PI' : 'MEMBER';
      let discipline =
        j === 0 ? 'MATH' : j === 1 ? 'MEDICINE' : j === 2 ? 'IT' : ['MATH', 'MEDICINE', 'IT'][(i + j) % 3];
      if (id === 'APP-2023-018' && discipline === 'IT') discipline = 'MATH';
      const inst =
        j === 0
          ? lead
          : j === 1
            ? HOSPITALS[i % HOSPITALS.length]
            : j === 2
              ? IT_PLACES[(i * 3) % IT_PLACES.length]
              : lead;
      const status = j === 0 && id === 'APP-2023-010' ? 'POSTDOC' : j >= 4 && j % 2 === 0 ? 'STUDENT' : 'EMPLOYED';
      let personId = `PER-${String(personNo).padStart(4, '0')}`;
      let name = SURNAMES[personNo % SURNAMES.length] + GIVEN[(personNo * 7) % GIVEN.length];
      // the third member of APP-2023-023 is the same person as that of APP-2023-022 (another direction)
      if (id === 'APP-2023-023' && j === 2) {
        const shared = rows.find(
          (r) => r.application_id === 'APP-2023-022' && r.member_role === 'MEMBER' && r.member_discipline === 'IT',
        )!;
        personId = shared.member_person_id!;
        name = shared.member_name!;
      }
      const domain = byKey.get(inst)!.emailDomains[0];
      rows.push({
        ...app,
        member_person_id: personId,
        member_name: name,
        member_email: `${personId.toLowerCase()}@${domain}`,
        member_orcid: '',
        member_institution: byKey.get(inst)!.name,
        member_role: role,
        member_discipline: discipline,
        member_senior_title: j < 2 || j === 2 ? 'true' : 'false',
        member_led_basic_research: j < 2 ? 'true' : 'false',
        member_status: status,
      });
    }
  }
  return rows;
}

export function rowsToCsv(rows: Row[]): Buffer {
  const cols = IMPORT_COLUMNS.map((c) => c[0]);
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from(
    [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','))].join('\n') + '\n',
    'utf8',
  );
}
