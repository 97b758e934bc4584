import { identityGroups, samePersons } from './identity';

describe('identityGroups: one person across records by e-mail or ORCID', () => {
  it('joins transitively and keeps the first record as the representative (worked by hand)', () => {
    // 0 —email— 2 —orcid— 4 ; 1 alone ; 3 —email (case differs)— 5
    const canon = identityGroups([
      { emails: ['a@x.cn'] },
      { emails: ['b@x.cn'] },
      { emails: [' A@X.cn '], orcid: '0000-0001-0000-000x' },
      { emails: ['c@y.cn'] },
      { orcid: '0000-0001-0000-000X' },
      { emails: ['C@Y.CN'] },
    ]);
    expect([...canon]).toEqual([0, 1, 0, 3, 0, 3]);
  });

  it('does not join on empty e-mails or ORCIDs', () => {
    expect([...identityGroups([{ emails: [''], orcid: '' }, { emails: ['  '], orcid: null }, {}])]).toEqual([0, 1, 2]);
  });

  it('maps ids to the first record of their group', () => {
    const m = samePersons([
      { id: 'P9', emails: ['z@a.cn'] },
      { id: 'P1', orcid: '0000-0002-1825-0097' },
      { id: 'P5', emails: ['Z@a.cn'], orcid: '0000-0002-1825-0097' },
    ]);
    expect(Object.fromEntries(m)).toEqual({ P9: 'P9', P1: 'P9', P5: 'P9' });
  });
});
