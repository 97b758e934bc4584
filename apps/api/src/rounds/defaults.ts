import type { CriterionDef } from './round.entity';

const c = (
  key: string,
  labelZh: string,
  labelEn: string,
  weight: number,
  guidanceZh: string,
  guidanceEn: string,
): CriterionDef => ({
  key,
  labelZh,
  labelEn,
  guidanceZh,
  guidanceEn,
  weight,
  min: 0,
  max: 10,
  step: 0.5,
});

/** Default rubric of the initial selection (初评); editable while a round is DRAFT. */
export const INITIAL_CRITERIA: CriterionDef[] = [
  c(
    'significance',
    '数学问题的重要性与创新性',
    'Significance and innovation of the mathematics',
    30,
    '数学问题是否重要、方法是否新颖，是否可能产生原创性成果。',
    'Is the mathematical question important and the approach new; could it yield original results?',
  ),
  c(
    'fit',
    '与方向目标的契合度',
    'Fit to the direction’s goals',
    20,
    '研究内容是否紧扣所选方向的目标与考核指标。',
    'Does the work address the chosen direction’s goals and targets?',
  ),
  c(
    'feasibility',
    '研究方案的可行性',
    'Feasibility of the plan',
    20,
    '技术路线、进度安排与数据条件是否可行。',
    'Are the approach, schedule and data access realistic?',
  ),
  c(
    'team',
    '数学—医学—信息团队实力',
    'Strength of the math–medicine–IT team',
    20,
    '三方专家是否实质参与、分工是否合理、前期基础是否扎实。',
    'Do the three fields take real part, with a sound division of work and track record?',
  ),
  c(
    'translation',
    '深圳转化前景',
    'Prospects of translation in Shenzhen',
    10,
    '成果在深圳转化落地的可能性与路径。',
    'How likely and how concrete is translation or landing in Shenzhen?',
  ),
];

/** Default rubric of the two-year mid-term evaluation (中期评估). */
export const MIDTERM_CRITERIA: CriterionDef[] = [
  c(
    'progress',
    '计划执行进展',
    'Progress against the plan',
    30,
    '是否按计划完成阶段目标。',
    'Were the milestones of the plan met?',
  ),
  c(
    'outputs',
    '成果质量',
    'Quality of outputs',
    25,
    '论文、软件、数据集、临床验证等成果的水平。',
    'Level of papers, software, data sets, clinical validation.',
  ),
  c(
    'collaboration',
    '交叉合作',
    'Interdisciplinary collaboration',
    15,
    '数学、医学、信息团队的实质合作。',
    'Real collaboration of mathematics, medicine and IT.',
  ),
  c(
    'landing',
    '深圳转化落地',
    'Translation or landing in Shenzhen',
    20,
    '在深圳转化落地的进展与计划。',
    'Progress and plans for landing in Shenzhen.',
  ),
  c(
    'budget',
    '经费执行',
    'Budget execution',
    10,
    '经费使用是否合规、合理。',
    'Was the budget spent properly and reasonably?',
  ),
];

export const RATINGS = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const;
export const RECOMMENDATIONS = {
  INITIAL: ['FUND_PRIORITY', 'FUND', 'DO_NOT_FUND'],
  MIDTERM: ['CONTINUE', 'CONTINUE_WITH_CHANGES', 'TERMINATE'],
} as const;
