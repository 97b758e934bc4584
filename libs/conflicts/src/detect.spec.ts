import {
  ConflictInputError,
  conflictsByReviewer,
  detectConflicts,
  institutionalDomain,
  minusYears,
  normalizeName,
  type ConflictDataset,
} from '../src';

/** A small world: project PR1 (lead PKU, cooperating SZU) with three members; reviewers V1…V3. */
function world(over: Partial<ConflictDataset> = {}): ConflictDataset {
  return {
    asOf: '2026-06-30',
    policy: { preset: 'default' },
    institutions: [
      { id: 'PKU', name: '北京大学', aliases: ['Peking University', 'PKU'], emailDomains: ['pku.edu.cn'] },
      { id: 'SZU', name: '深圳大学', aliases: ['Shenzhen University'], emailDomains: ['szu.edu.cn'] },
      { id: 'FDU', name: '复旦大学', aliases: ['Fudan University'], emailDomains: ['fudan.edu.cn'] },
      { id: 'ZJU', name: '浙江大学', aliases: ['Zhejiang University'], emailDomains: ['zju.edu.cn'] },
      { id: 'HUST', name: '华中科技大学', aliases: ['HUST'], emailDomains: [] },
    ],
    persons: [
      {
        id: 'A1',
        name: '张伟',
        emails: ['zw@fudan.edu.cn'],
        affiliations: [{ institution: '复旦大学', from: '2015-09-01', to: null }],
      },
      { id: 'A2', name: '李娜', emails: [], affiliations: [{ institution: 'ZJU', from: '2010-01-01', to: null }] },
      { id: 'A3', name: '王强', emails: ['wq@gmail.com'], affiliations: [] },
      { id: 'V1', name: '评审一', emails: [], affiliations: [] },
      { id: 'V2', name: '评审二', emails: [], affiliations: [] },
      { id: 'V3', name: '评审三', emails: [], affiliations: [] },
    ],
    relations: [],
    publications: [],
    projects: [
      {
        id: 'PR1',
        call: '2023-MI',
        leadInstitution: 'PKU',
        cooperatingInstitutions: ['SZU'],
        members: [
          { person: 'A1', role: 'PI' },
          { person: 'A2', role: 'CO_PI' },
          { person: 'A3', role: 'MEMBER' },
        ],
      },
    ],
    reviewers: ['V1', 'V2', 'V3'],
    declared: [],
    excludedByApplicant: [],
    ...over,
  };
}
const withPerson = (w: ConflictDataset, id: string, p: Partial<ConflictDataset['persons'][0]>) => {
  w.persons = w.persons.map((x) => (x.id === id ? { ...x, ...p } : x));
  return w;
};
const pairs = (w: ConflictDataset) =>
  detectConflicts(w).conflicts.map((c) => `${c.project}/${c.reviewer}:${c.reasons.map((r) => r.rule).join('+')}`);

describe('conflict detection (回避)', () => {
  it('finds nothing in a clean world', () => {
    expect(detectConflicts(world())).toEqual({ conflicts: [] });
  });

  describe('INSTITUTION', () => {
    it('current affiliation with the lead institution, matched through an alias', () => {
      const w = withPerson(world(), 'V1', {
        affiliations: [{ institution: 'Peking University', from: '2018-01-01', to: null }],
      });
      const r = detectConflicts(w).conflicts;
      expect(r).toEqual([
        {
          project: 'PR1',
          reviewer: 'V1',
          reasons: [
            {
              rule: 'INSTITUTION',
              institution: 'PKU',
              evidence: 'V1 affiliated with 北京大学 (2018-01-01 – now), the lead institution',
              evidenceZh: 'V1 任职于 北京大学（2018-01-01 至 今），该单位是项目的依托单位',
            },
          ],
        },
      ]);
    });
    it.each([['ＰＥＫＩＮＧ　ＵＮＩＶＥＲＳＩＴＹ'], ['  peking   university '], ['pku'], ['北京大学']])(
      'full-width, case and spaces fold: %s',
      (name) => {
        const w = withPerson(world(), 'V1', { affiliations: [{ institution: name, from: null, to: null }] });
        expect(pairs(w)).toEqual(['PR1/V1:INSTITUTION']);
      },
    );
    it('a cooperating institution and a team member’s current institution count; a member’s former one does not', () => {
      const w = world();
      withPerson(w, 'V1', { affiliations: [{ institution: 'Shenzhen University', from: '2019-01-01', to: null }] });
      withPerson(w, 'V2', { affiliations: [{ institution: 'ZJU', from: '2019-01-01', to: null }] });
      withPerson(w, 'A2', {
        affiliations: [
          { institution: 'ZJU', from: '2010-01-01', to: '2026-06-29' },
          { institution: 'HUST', from: '2026-06-29', to: null },
        ],
      });
      withPerson(w, 'V3', { affiliations: [{ institution: 'HUST', from: '2000-01-01', to: null }] });
      expect(pairs(w)).toEqual(['PR1/V1:INSTITUTION', 'PR1/V3:INSTITUTION']);
      expect(detectConflicts(w).conflicts[1].reasons[0]).toMatchObject({ person: 'A2', institution: 'HUST' });
    });
    it.each([
      // default window 3 years before 2026-06-30 = 2023-06-30
      ['default', '2023-06-30', true],
      ['default', '2023-06-29', false],
      ['nsf', '2025-06-30', true], // 1 year
      ['nsf', '2025-06-29', false],
      ['nih', '2023-06-30', true], // 3 years
      ['erc', '2023-06-29', false],
    ])('former affiliation (%s) ended %s → %s', (preset, to, hit) => {
      const w = withPerson(world({ policy: { preset } }), 'V1', {
        affiliations: [{ institution: 'PKU', from: '2000-01-01', to }],
      });
      expect(pairs(w)).toEqual(hit ? ['PR1/V1:INSTITUTION'] : []);
    });
    it('an overridden window beats the preset', () => {
      const w = withPerson(world({ policy: { preset: 'nsf', formerAffiliationYears: 5 } }), 'V1', {
        affiliations: [{ institution: 'PKU', from: '2000-01-01', to: '2021-06-30' }],
      });
      expect(pairs(w)).toEqual(['PR1/V1:INSTITUTION']);
    });
    it('an institutional e-mail implies the institution; a subdomain matches', () => {
      const w = withPerson(world(), 'V1', { emails: ['someone@med.szu.edu.cn'] });
      expect(pairs(w)).toEqual(['PR1/V1:INSTITUTION']);
      expect(detectConflicts(w).conflicts[0].reasons[0].evidence).toContain('e-mail someone@med.szu.edu.cn');
    });
  });

  describe('EMAIL_DOMAIN', () => {
    it('shared registrable domain with a team member (med.fudan.edu.cn ~ fudan.edu.cn)', () => {
      const w = world();
      w.institutions = w.institutions!.filter((i) => i.id !== 'FDU');
      withPerson(w, 'A1', { affiliations: [] });
      withPerson(w, 'V1', { emails: ['x@med.fudan.edu.cn'] });
      const r = detectConflicts(w).conflicts;
      expect(r).toEqual([
        {
          project: 'PR1',
          reviewer: 'V1',
          reasons: [
            {
              rule: 'EMAIL_DOMAIN',
              person: 'A1',
              evidence: 'V1 and A1 share the e-mail domain fudan.edu.cn',
              evidenceZh: 'V1 与 A1 的邮箱同属域名 fudan.edu.cn',
            },
          ],
        },
      ]);
    });
    it.each(['qq.com', '163.com', 'gmail.com', 'GMAIL.COM'])('never through a public provider (%s)', (d) => {
      const w = withPerson(world(), 'A3', { emails: [`a3@${d}`] });
      withPerson(w, 'V1', { emails: [`v1@${d}`] });
      expect(pairs(w)).toEqual([]);
    });
    it('public suffixes', () => {
      expect(institutionalDomain('a@med.szu.edu.cn')).toBe('szu.edu.cn');
      expect(institutionalDomain('a@szu.edu.cn')).toBe('szu.edu.cn');
      expect(institutionalDomain('a@edu.cn')).toBeNull();
      expect(institutionalDomain('a@qq.com')).toBeNull();
      expect(institutionalDomain('a@163.com')).toBeNull();
      expect(institutionalDomain('a@gmail.com')).toBeNull();
      expect(institutionalDomain('a@lab.siat.ac.cn')).toBe('siat.ac.cn');
    });
  });

  describe('COAUTHOR', () => {
    it.each([
      ['default', 2021, true], // 2026 − 5
      ['default', 2020, false],
      ['nsf', 2022, true], // 2026 − 4
      ['nsf', 2021, false],
      ['nih', 2023, true], // 2026 − 3
      ['nih', 2022, false],
    ])('%s: a paper of %i → %s', (preset, year, hit) => {
      const w = world({
        policy: { preset },
        publications: [{ id: 'doi:10.1000/x', year, authors: ['A1', 'V2', 'Z9'] }],
      });
      w.persons.push({ id: 'Z9', name: 'outsider' });
      const r = detectConflicts(w).conflicts;
      expect(r).toEqual(
        hit
          ? [
              {
                project: 'PR1',
                reviewer: 'V2',
                reasons: [
                  {
                    rule: 'COAUTHOR',
                    person: 'A1',
                    evidence: `co-authored doi:10.1000/x (${year})`,
                    evidenceZh: `合作发表 doi:10.1000/x (${year})`,
                  },
                ],
              },
            ]
          : [],
      );
    });
    it('lists several papers in the evidence', () => {
      const w = world({
        publications: [
          { id: 'p1', year: 2024, authors: ['A2', 'V1'] },
          { id: 'p2', year: 2025, authors: ['V1', 'A2'] },
        ],
      });
      expect(detectConflicts(w).conflicts[0].reasons).toEqual([
        {
          rule: 'COAUTHOR',
          person: 'A2',
          evidence: 'co-authored p1 (2024), p2 (2025)',
          evidenceZh: '合作发表 p1 (2024)、p2 (2025)',
        },
      ]);
    });
  });

  describe('same person under another record', () => {
    it('TEAM_MEMBER through a shared e-mail, case-insensitive', () => {
      const w = withPerson(world(), 'V1', { emails: ['ZW@Fudan.edu.cn'] });
      const r = detectConflicts(w).conflicts[0];
      expect(r.reasons.map((x) => x.rule)).toEqual(['TEAM_MEMBER', 'INSTITUTION']);
      expect(r.reasons[0]).toEqual({
        rule: 'TEAM_MEMBER',
        person: 'A1',
        evidence: 'V1 is A1 on the team (same e-mail or ORCID)',
        evidenceZh: 'V1 即团队成员 A1（同一邮箱或 ORCID）',
      });
    });
    it('TEAM_MEMBER through ORCID, and the merged record’s co-authorships count', () => {
      const w = world({ publications: [{ id: 'q', year: 2025, authors: ['A9', 'A2'] }] });
      withPerson(w, 'V3', { orcid: '0000-0002-1825-0097' });
      w.persons.push({ id: 'A9', name: '另一个记录', orcid: '0000-0002-1825-0097' });
      w.projects[0].members.push({ person: 'A9', role: 'MEMBER' });
      expect(pairs(w)).toEqual(['PR1/V3:TEAM_MEMBER+COAUTHOR']);
      w.projects[0].members.pop();
      expect(pairs(w)).toEqual(['PR1/V3:COAUTHOR']);
    });
    it('SAME_CALL_APPLICANT: a member of another project of the same call', () => {
      const w = world();
      w.projects.push({ id: 'PR2', call: '2023-MI', members: [{ person: 'V2', role: 'PI' }] });
      w.projects.push({ id: 'PR3', call: '2024-MI', members: [{ person: 'A3', role: 'PI' }] });
      expect(pairs(w)).toEqual(['PR1/V2:SAME_CALL_APPLICANT', 'PR2/V2:TEAM_MEMBER']);
    });
  });

  describe('relations and lists', () => {
    it('ADVISOR either direction, at any time; FAMILY always', () => {
      const w = world({
        relations: [
          { type: 'ADVISOR', advisor: 'V1', advisee: 'A2' },
          { type: 'ADVISOR', advisor: 'A3', advisee: 'V2' },
          { type: 'FAMILY', persons: ['A1', 'V3'] },
        ],
      });
      const r = detectConflicts(w).conflicts;
      expect(r.map((c) => [c.reviewer, c.reasons[0].rule, c.reasons[0].person, c.reasons[0].evidence])).toEqual([
        ['V1', 'ADVISOR', 'A2', 'V1 is advisor of A2'],
        ['V2', 'ADVISOR', 'A3', 'V2 is advisee of A3'],
        ['V3', 'FAMILY', 'A1', 'V3 is family relation with A1'],
      ]);
    });
    it('DECLARED and EXCLUDED_BY_APPLICANT, merged with other reasons in rule order', () => {
      const w = world({
        declared: [{ project: 'PR1', reviewer: 'V1', reason: 'former collaborator on a grant' }],
        excludedByApplicant: [{ project: 'PR1', reviewer: 'V1' }],
        publications: [{ id: 'p', year: 2026, authors: ['V1', 'A3'] }],
      });
      expect(detectConflicts(w).conflicts[0].reasons).toEqual([
        { rule: 'COAUTHOR', person: 'A3', evidence: 'co-authored p (2026)', evidenceZh: '合作发表 p (2026)' },
        {
          rule: 'DECLARED',
          person: 'V1',
          evidence: 'declared by the reviewer: former collaborator on a grant',
          evidenceZh: '评审专家主动声明：former collaborator on a grant',
        },
        {
          rule: 'EXCLUDED_BY_APPLICANT',
          person: 'V1',
          evidence: 'excluded by the applicant',
          evidenceZh: '申请人建议回避',
        },
      ]);
    });
  });

  it('one reviewer at a time (conflictsByReviewer): an array per reviewer in the dataset’s order, the same reasons', () => {
    const w = world({
      declared: [
        { project: 'PR1', reviewer: 'V3' },
        { project: 'PR0', reviewer: 'V3' },
      ],
      excludedByApplicant: [{ project: 'PR1', reviewer: 'V1' }],
      publications: [{ id: 'p', year: 2026, authors: ['V1', 'A3'] }],
    });
    w.projects.push({ id: 'PR0', members: [{ person: 'A2' }] });
    const steps = [...conflictsByReviewer(w)].map((l) =>
      l.map((c) => `${c.project}/${c.reviewer}:${c.reasons.map((r) => r.rule).join('+')}`).sort(),
    );
    expect(steps).toEqual([['PR1/V1:COAUTHOR+EXCLUDED_BY_APPLICANT'], [], ['PR0/V3:DECLARED', 'PR1/V3:DECLARED']]);
    // a bad input is refused at the first step, naming the field, as detectConflicts does
    expect(() => conflictsByReviewer({ ...w, reviewers: ['V9'] }).next()).toThrow(ConflictInputError);
  });

  it('sorts by project id, then reviewer id', () => {
    const w = world({
      declared: ['V3', 'V1'].flatMap((r) => [
        { project: 'PR1', reviewer: r },
        { project: 'PR0', reviewer: r },
      ]),
    });
    w.projects.push({ id: 'PR0', members: [{ person: 'A3' }] });
    expect(pairs(w)).toEqual(['PR0/V1:DECLARED', 'PR0/V3:DECLARED', 'PR1/V1:DECLARED', 'PR1/V3:DECLARED']);
  });

  describe('bad input names the field', () => {
    const field = (w: unknown) => {
      try {
        detectConflicts(w);
      } catch (e) {
        expect(e).toBeInstanceOf(ConflictInputError);
        return (e as ConflictInputError).field;
      }
      throw new Error('accepted');
    };
    it('unknown person in a project, a publication, a relation, the reviewers', () => {
      const a = world();
      a.projects[0].members.push({ person: 'NOBODY' });
      expect(field(a)).toBe('projects[0] (PR1).members[3].person');
      expect(field(world({ publications: [{ id: 'x', year: 2020, authors: ['A1', 'GHOST'] }] }))).toBe(
        'publications[0] (x).authors[1]',
      );
      expect(field(world({ relations: [{ type: 'ADVISOR', advisor: 'A1', advisee: 'GHOST' }] }))).toBe(
        'relations[0].advisee',
      );
      expect(field(world({ reviewers: ['V1', 'GHOST'] }))).toBe('reviewers[1]');
    });
    it('unknown institution, malformed dates, unknown preset', () => {
      expect(
        field(withPerson(world(), 'V1', { affiliations: [{ institution: 'Atlantis U', from: null, to: null }] })),
      ).toBe('persons[3] (V1).affiliations[0].institution');
      expect(
        field(withPerson(world(), 'V1', { affiliations: [{ institution: 'PKU', from: '2020-13-01', to: null }] })),
      ).toBe('persons[3] (V1).affiliations[0].from');
      expect(
        field(withPerson(world(), 'V1', { affiliations: [{ institution: 'PKU', from: null, to: '2021/01/01' }] })),
      ).toBe('persons[3] (V1).affiliations[0].to');
      expect(field(world({ asOf: '30.06.2026' }))).toBe('asOf');
      expect(field(world({ policy: { preset: 'dfg' } }))).toBe('policy.preset');
      expect(field(world({ policy: { collaboratorYears: -1 } }))).toBe('policy.collaboratorYears');
    });
    it('more than 3 applicant exclusions for one project', () => {
      const w = world({ reviewers: ['V1', 'V2', 'V3', 'A3'] });
      w.excludedByApplicant = ['V1', 'V2', 'V3'].map((r) => ({ project: 'PR1', reviewer: r }));
      expect(() => detectConflicts(w)).not.toThrow();
      w.excludedByApplicant.push({ project: 'PR1', reviewer: 'A3' });
      expect(field(w)).toBe('excludedByApplicant[3]');
    });
  });

  it('helpers: name folding and year arithmetic', () => {
    expect(normalizeName('  Ｐｅｋｉｎｇ\tUniversity ')).toBe('peking university');
    expect(minusYears('2026-06-30', 3)).toBe('2023-06-30');
    expect(minusYears('2024-02-29', 1)).toBe('2023-02-28');
    expect(minusYears('2026-06-30', 4)).toBe('2022-06-30');
  });
});
