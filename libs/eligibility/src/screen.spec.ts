import { EligibilityInputError, screenApplications, type Application, type Rule } from '../src';

/** An application that passes every rule of the 2023 call; each test changes one thing. */
function app(id: string, over: Partial<Application> = {}): Application {
  return {
    id,
    direction: 1,
    submittedAt: '2023-10-18T10:00:00+08:00',
    applicationCode1: 'A0116',
    leadInstitution: 'I1',
    cooperatingInstitutions: ['I2'],
    conditionsMet: [],
    budget: { direct: 2000000, indirect: 0 },
    members: [
      {
        person: `${id}-P1`,
        role: 'PI',
        discipline: 'MATH',
        seniorTitle: true,
        ledBasicResearch: true,
        status: 'EMPLOYED',
      },
      {
        person: `${id}-P2`,
        role: 'CO_PI',
        discipline: 'MEDICINE',
        seniorTitle: true,
        ledBasicResearch: true,
        status: 'EMPLOYED',
      },
      { person: `${id}-P3`, role: 'MEMBER', discipline: 'IT', status: 'STUDENT' },
    ],
    ...over,
  };
}

const rules = (apps: Application[], program?: object) =>
  screenApplications({ program, applications: apps }).results.map((r) => r.failures.map((f) => f.rule));
const only = (a: Application, program?: object): Rule[] => rules([a], program)[0];

describe('eligibility screening (形式审查)', () => {
  it('passes a complete application with no failures', () => {
    const r = screenApplications({ applications: [app('A')] });
    expect(r).toEqual({ results: [{ application: 'A', eligible: true, failures: [] }] });
  });

  describe('SUBMISSION_WINDOW: 2023-10-14 00:00 to 2023-10-20 16:00 Beijing time, end exclusive', () => {
    it.each([
      ['2023-10-20T15:59:59+08:00', []],
      ['2023-10-20T16:00:00+08:00', ['SUBMISSION_WINDOW']],
      ['2023-10-20T07:59:59Z', []], // the same instant as 15:59:59 in Beijing
      ['2023-10-20T08:00:00Z', ['SUBMISSION_WINDOW']],
      ['2023-10-20T03:59:59-04:00', []], // New York
      ['2023-10-20T04:00:00-04:00', ['SUBMISSION_WINDOW']],
      ['2023-10-14T00:00:00+08:00', []],
      ['2023-10-13T23:59:59+08:00', ['SUBMISSION_WINDOW']],
      ['2023-10-13T16:00:00Z', []], // = 2023-10-14 00:00 Beijing
      ['2023-10-13T15:59:59Z', ['SUBMISSION_WINDOW']],
    ])('%s → %j', (submittedAt, expected) => {
      expect(only(app('A', { submittedAt }))).toEqual(expected);
    });
    it('uses a programme window when given', () => {
      const program = { window: { opens: '2024-10-01T00:00:00+08:00', closes: '2024-10-10T16:00:00+08:00' } };
      expect(only(app('A'), program)).toEqual(['SUBMISSION_WINDOW']);
      expect(only(app('A', { submittedAt: '2024-10-05T12:00:00+08:00' }), program)).toEqual([]);
    });
  });

  describe('COOPERATING_INSTITUTIONS: at most 2', () => {
    it('accepts exactly 2 and refuses 3, naming the count', () => {
      expect(only(app('A', { cooperatingInstitutions: ['I2', 'I3'] }))).toEqual([]);
      const r = screenApplications({ applications: [app('A', { cooperatingInstitutions: ['I2', 'I3', 'I4'] })] })
        .results[0];
      expect(r.failures.map((f) => f.rule)).toEqual(['COOPERATING_INSTITUTIONS']);
      expect(r.failures[0].message).toMatch(/合作研究单位 3 个.*超过上限 2 个 \/ 3 cooperating institutions/);
    });
    it('follows the programme limit', () => {
      expect(only(app('A', { cooperatingInstitutions: ['I2', 'I3'] }), { maxCooperatingInstitutions: 1 })).toEqual([
        'COOPERATING_INSTITUTIONS',
      ]);
    });
  });

  describe('ONE_DIRECTION_PER_PERSON', () => {
    it('fails every application of a person found in two directions, any role', () => {
      const a = app('A', { direction: 1 });
      const b = app('B', { direction: 2 });
      b.members.push({ person: 'A-P3', role: 'MEMBER', discipline: 'IT', status: 'EMPLOYED' });
      const c = app('C', {
        direction: 3,
        conditionsMet: ['MULTI_CENTRE_DATA_QUALIFICATION'],
        budget: { direct: 3000000, indirect: 0 },
      });
      const r = screenApplications({ applications: [a, b, c] }).results;
      expect(r.map((x) => x.failures.map((f) => f.rule))).toEqual([
        ['ONE_DIRECTION_PER_PERSON'],
        ['ONE_DIRECTION_PER_PERSON'],
        [],
      ]);
      expect(r[0].failures[0].message).toContain('A-P3');
      expect(r[0].failures[0].message).toContain('2 (B)');
    });
    it('allows a person in two applications of the same direction (as a member)', () => {
      const a = app('A');
      const b = app('B');
      b.members.push({ person: 'A-P3', role: 'MEMBER', discipline: 'IT' });
      expect(rules([a, b])).toEqual([[], []]);
    });
  });

  describe('ONE_APPLICATION_PER_APPLICANT', () => {
    it('fails both applications of one PI (same direction, so only this rule)', () => {
      const a = app('A');
      const b = app('B');
      b.members[0] = { ...b.members[0], person: 'A-P1' };
      expect(rules([a, b])).toEqual([['ONE_APPLICATION_PER_APPLICANT'], ['ONE_APPLICATION_PER_APPLICANT']]);
    });
    it('does not count being CO_PI elsewhere', () => {
      const a = app('A');
      const b = app('B');
      b.members[1] = { ...b.members[1], person: 'A-P1', discipline: 'MATH' };
      b.members.push({ person: 'B-P4', role: 'MEMBER', discipline: 'MEDICINE' });
      expect(rules([a, b])).toEqual([[], []]);
    });
  });

  describe('applicant rules', () => {
    it('TWO_PIS: two PIs, or no CO_PI', () => {
      const a = app('A');
      a.members[1] = { ...a.members[1], role: 'PI' };
      expect(only(a)).toContain('TWO_PIS');
      const b = app('B');
      b.members[1] = { ...b.members[1], role: 'MEMBER' };
      expect(only(b)).toEqual(['TWO_PIS']);
    });
    it.each([
      [{ ledBasicResearch: false }, ['APPLICANT_RESEARCH_LEAD']],
      [{ ledBasicResearch: undefined }, ['APPLICANT_RESEARCH_LEAD']],
      [{ seniorTitle: false }, ['APPLICANT_SENIOR_TITLE']],
      [{ status: 'POSTDOC' }, ['APPLICANT_STATUS']],
      [{ status: 'STUDENT' }, ['APPLICANT_STATUS']],
      [{ status: 'NO_EMPLOYER' }, ['APPLICANT_STATUS']],
      [{ status: 'EMPLOYED' }, []],
    ])('PI with %j → %j', (change, expected) => {
      const a = app('A');
      a.members[0] = { ...a.members[0], ...(change as object) };
      expect(only(a)).toEqual(expected);
    });
    it('a student as a plain member is fine', () => {
      expect(only(app('A'))).toEqual([]);
    });
  });

  describe('DISCIPLINE_MIX', () => {
    it('names each missing field', () => {
      const a = app('A');
      a.members[2] = { ...a.members[2], discipline: 'MATH' };
      const r = screenApplications({ applications: [a] }).results[0];
      expect(r.failures.map((f) => f.rule)).toEqual(['DISCIPLINE_MIX']);
      expect(r.failures[0].message).toBe('团队缺少信息技术领域专家 / the team lacks IT expertise');
    });
  });

  describe('MATH_APPLICATION_CODE', () => {
    it.each([
      ['A0116', []],
      ['a0116', []],
      ['A01', []],
      ['A0201', ['MATH_APPLICATION_CODE']],
      ['F0201', ['MATH_APPLICATION_CODE']],
      ['', ['MATH_APPLICATION_CODE']],
    ])('%s → %j', (code, expected) => expect(only(app('A', { applicationCode1: code }))).toEqual(expected));
    it('uses the programme prefixes', () => {
      expect(only(app('A', { applicationCode1: 'A0201' }), { mathCodePrefixes: ['A01', 'A02'] })).toEqual([]);
    });
  });

  describe('DIRECTION_CONDITION and BUDGET', () => {
    it('direction 3 needs its data qualification and allows 3,000,000', () => {
      expect(only(app('A', { direction: 3, budget: { direct: 3000000, indirect: 0 } }))).toEqual([
        'DIRECTION_CONDITION',
      ]);
      expect(
        only(
          app('A', {
            direction: 3,
            conditionsMet: ['MULTI_CENTRE_DATA_QUALIFICATION'],
            budget: { direct: 3000000, indirect: 0 },
          }),
        ),
      ).toEqual([]);
      expect(
        only(
          app('A', {
            direction: 3,
            conditionsMet: ['MULTI_CENTRE_DATA_QUALIFICATION'],
            budget: { direct: 3000001, indirect: 0 },
          }),
        ),
      ).toEqual(['BUDGET']);
    });
    it('direction 5 needs the hardware funding confirmed', () => {
      expect(only(app('A', { direction: 5 }))).toEqual(['DIRECTION_CONDITION']);
      expect(only(app('A', { direction: 5, conditionsMet: ['MOBILE_COMPUTING_HARDWARE_FUNDED'] }))).toEqual([]);
    });
    it('2,000,000 is the limit of direction 1; indirect costs are refused', () => {
      expect(only(app('A', { budget: { direct: 2000000, indirect: 0 } }))).toEqual([]);
      expect(only(app('A', { budget: { direct: 2000001, indirect: 0 } }))).toEqual(['BUDGET']);
      expect(only(app('A', { budget: { direct: 1000000, indirect: 1 } }))).toEqual(['BUDGET']);
      const r = screenApplications({ applications: [app('A', { budget: { direct: 3100000, indirect: 0 } })] })
        .results[0];
      expect(r.failures[0].message).toBe(
        '直接费用 3,100,000 超过方向 1 的资助额度 2,000,000 / direct costs 3,100,000 exceed direction 1 funding 2,000,000',
      );
    });
    it('UNKNOWN_DIRECTION, and a programme may add or change directions', () => {
      expect(only(app('A', { direction: 15 }))).toEqual(['UNKNOWN_DIRECTION']);
      expect(
        only(app('A', { direction: 15 }), { directions: [{ number: 15, funding: 2500000, conditions: [] }] }),
      ).toEqual([]);
      expect(only(app('A'), { directions: [{ number: 1, funding: 1500000 }] })).toEqual(['BUDGET']);
    });
  });

  it('reports several failures of one application in the order of the rule table', () => {
    const a = app('A', {
      applicationCode1: 'F01',
      cooperatingInstitutions: ['a', 'b', 'c'],
      submittedAt: '2023-10-21T00:00:00+08:00',
    });
    a.members[0] = { ...a.members[0], seniorTitle: false };
    expect(only(a)).toEqual([
      'APPLICANT_SENIOR_TITLE',
      'COOPERATING_INSTITUTIONS',
      'MATH_APPLICATION_CODE',
      'SUBMISSION_WINDOW',
    ]);
  });

  describe('bad input names the field', () => {
    const bad = (input: unknown) => {
      try {
        screenApplications(input);
      } catch (e) {
        expect(e).toBeInstanceOf(EligibilityInputError);
        return (e as EligibilityInputError).field;
      }
      throw new Error('accepted bad input');
    };
    it.each([
      [{}, 'applications'],
      [{ applications: [app('A', { submittedAt: '2023-10-18 10:00' })] }, 'applications[0] (A).submittedAt'],
      [{ applications: [app('A', { submittedAt: 'yesterday' })] }, 'applications[0] (A).submittedAt'],
      [{ applications: [app('A'), app('A')] }, 'applications[1].id'],
      [{ applications: [{ ...app('A'), budget: { direct: 'lots' } }] }, 'applications[0] (A).budget.direct'],
      [
        { applications: [{ ...app('A'), members: [{ person: 'x', role: 'BOSS', discipline: 'MATH' }] }] },
        'applications[0] (A).members[0].role',
      ],
      [
        {
          applications: [
            { ...app('A'), members: [{ person: 'x', role: 'PI', discipline: 'MATH', status: 'RETIRED' }] },
          ],
        },
        'applications[0] (A).members[0].status',
      ],
      [
        {
          program: { window: { opens: '2023-10-20T00:00:00+08:00', closes: '2023-10-14T00:00:00+08:00' } },
          applications: [],
        },
        'program.window',
      ],
    ])('%#', (input, field) => expect(bad(input)).toBe(field));
  });
});
