import CALL_2023 from '../../../calls/TY-SZ-2023.json';
import { CallInputError, inChinese, validateCall, type CallDefinition } from '.';

// the shipped 2023 call, as the platform seeds it (a fresh copy for each test to break)
const shipped = (): Record<string, unknown> => structuredClone(CALL_2023);

const problems = (raw: unknown) => {
  try {
    validateCall(raw);
  } catch (e) {
    if (e instanceof CallInputError) {
      // every problem also reads in Chinese
      for (const p of e.problems) expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
      return e.problems.map((p) => `${p.path}: ${p.message}`);
    }
    throw e;
  }
  return [];
};

describe('the shipped 2023 call', () => {
  let call: CallDefinition;
  beforeAll(() => {
    call = validateCall(shipped());
  });

  it('has the 14 directions of the call text, their funding and the two special conditions', () => {
    expect(call.code).toBe('TY-SZ-2023');
    expect(call.maxAwards).toBe(14);
    expect(call.directions.map((d) => d.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // 3,000,000 only where the text says so (directions 3 and 4), 2,000,000 otherwise
    expect(call.directions.filter((d) => d.fundingAmount === 3_000_000).map((d) => d.number)).toEqual([3, 4]);
    expect(
      call.directions.filter((d) => d.fundingAmount !== 3_000_000).every((d) => d.fundingAmount === 2_000_000),
    ).toBe(true);
    expect(call.directions[2].conditions.map((c) => c.key)).toEqual(['MULTI_CENTRE_DATA_QUALIFICATION']);
    expect(call.directions[4].conditions.map((c) => c.key)).toEqual(['MOBILE_COMPUTING_HARDWARE_FUNDED']);
    expect(call.phases.map((p) => [p.phase, p.years, p.funders.join('+'), p.minAmount ?? null])).toEqual([
      [1, 2, 'TIANYUAN+SHENZHEN', null],
      [2, 3, 'SHENZHEN', 3_000_000],
    ]);
  });

  it('keeps every number the text commits a team to (hand list from the call text)', () => {
    const numbers = Object.fromEntries(
      call.directions.flatMap((d) =>
        d.targets
          .filter((t) => t.min !== undefined || t.max !== undefined)
          .map((t) => [`${d.number}.${t.key}`, `${t.min ?? '<' + ((t.max ?? 0) + 1)} ${t.unit}`]),
      ),
    );
    expect(numbers).toEqual({
      '3.hospitals': '50 家',
      '3.ct_mr_cases': '20000 例',
      '3.annotated_cases': '10000 例',
      '3.specialty_applications': '2 项',
      '4.pilot_hospitals': '10 家',
      '4.reporting_systems': '2 套',
      '5.mobile_compute': '30 P',
      '6.demonstration_institutions': '5 家',
      '7.annotated_ultrasound_cases': '10000 例',
      '7.clinical_fields': '2 个',
      '8.protein_database': '100000000 条',
      '8.validated_proteins': '10 个',
      '8.mutation_experiments': '<100 组',
      '9.peptide_drugs': '1 个',
      '11.tumour_cases': '60000 例',
      '12.languages': '3 种',
      '12.core_syndromes': '2 个',
      '13.patients': '1000000 名',
      '13.specialties': '5 种',
      '13.population_covered': '2000000 人',
      '14.nuclear_imaging_cases': '10000 例',
    });
  });

  it('carries each direction’s research content verbatim (as in the call text)', () => {
    expect(call.directions[2].contentZh).toContain(
      '联合不少于 50 家国内高水平医院，构建不少于 2 万例头部、胸部、腹部 CT、MR 标准数据集，其中标注数据不少于 1 万例',
    );
    expect(call.directions[12].contentZh).toContain('开展覆盖不少于两百万人口的促进普惠医疗和三级诊疗的区域性示范应用');
    // page breaks of the source are joined: no line breaks inside a direction's text
    expect(call.directions.every((d) => !d.contentZh.includes('\n') && d.contentZh.length > 150)).toBe(true);
  });
});

describe('validateCall', () => {
  it('reports every problem at once, each by its JSON path', () => {
    const bad = shipped() as { directions: Record<string, unknown>[] } & Record<string, unknown>;
    bad.year = 'next';
    (bad.submissionWindow as Record<string, unknown>).closesAt = '2023-10-01T00:00:00+08:00';
    (bad.directions[2].targets as Record<string, unknown>[])[0].min = -50;
    (bad.directions[3] as Record<string, unknown>).number = 3;
    (bad.directions[5].targets as Record<string, unknown>[])[0].unit = undefined;
    (bad.phases as Record<string, unknown>[])[1].minAmount = undefined;
    delete (bad.directions[0] as Record<string, unknown>).titleZh;
    expect(problems(bad)).toEqual([
      'year: must be a whole number from 2000 to 2100 (got "next")',
      'submissionWindow.closesAt: must be after opensAt',
      'phases[1].minAmount: is required for phase 2',
      'directions[0].titleZh: is required',
      'directions[2].targets[0].min: must be a positive number (got -50)',
      'directions[5].targets[0].unit: is required with a number',
      'directions[3].number: direction 3 appears twice',
    ]);
  });

  it('refuses what is not a call, and unknown funders, disciplines and duplicate target keys', () => {
    expect(problems([])).toEqual(['definition: must be a JSON object']);
    const bad = shipped() as Record<string, unknown> & { directions: Record<string, unknown>[] };
    (bad.phases as Record<string, unknown>[])[0].funders = ['NSF'];
    (bad.eligibility as Record<string, unknown>).requiredDisciplines = ['MATH', 'LAW'];
    const t = bad.directions[2].targets as Record<string, unknown>[];
    t[1].key = t[0].key;
    expect(problems(bad)).toEqual([
      'phases[0].funders[0]: must be one of TIANYUAN, SHENZHEN',
      'phases[0].funders: must name at least one funder',
      'eligibility.requiredDisciplines[1]: must be one of MATH, MEDICINE, IT',
      "directions[2].targets[1].key: duplicate target 'hospitals' in this direction",
    ]);
  });
});

describe('problems in Chinese', () => {
  it.each([
    ['must be a positive number (got -50)', '须为正数（实际为 -50）'],
    ['must be a whole number from 2000 to 2100 (got "next")', '须为 2000 到 2100 之间的整数（实际为 "next"）'],
    ["duplicate target 'hospitals' in this direction", '本方向的考核指标 “hospitals” 重复'],
    ['direction 3 appears twice', '研究方向 3 重复'],
  ])('%s → %s', (en, zh) => expect(inChinese(en)).toBe(zh));
});
