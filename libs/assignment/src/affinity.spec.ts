import { affinity, tokens } from '../src';

describe('affinity', () => {
  const project = {
    titleZh: '医学影像判读大模型的数学理论',
    titleEn: 'Mathematical theory of medical-image models',
    keywords: ['随机矩阵', '医学影像'],
    requires: ['MATH', 'MEDICINE', 'IT'],
  };
  it('tokens: CJK bigrams and English words', () => {
    expect([...tokens('医学影像 Random matrix')]).toEqual(['医学', '学影', '影像', 'random', 'matrix']);
  });
  it('hand-computed: two of three keywords, overlap, discipline held', () => {
    // keywords: 随机矩阵 (in keywords), 医学影像 (in keywords), PDE (absent) → 2/3
    const a = affinity({ disciplines: ['MATH'], keywords: ['随机矩阵', '医学影像', 'PDE'] }, project, {
      keywords: 1,
      text: 0,
      discipline: 0,
    });
    expect(a.score).toBeCloseTo(0.667, 3);
    expect(a.matchedKeywords).toEqual(['随机矩阵', '医学影像']);
    const d = affinity({ disciplines: ['MATH'], keywords: [] }, project, { keywords: 0, text: 0, discipline: 1 });
    expect(d.score).toBe(1);
    const n = affinity({ disciplines: ['LAW'], keywords: [] }, project, { keywords: 0, text: 0, discipline: 1 });
    expect(n.score).toBe(0.3);
  });
  it('matches English keywords case-insensitively inside the title', () => {
    const a = affinity({ disciplines: [], keywords: ['MEDICAL-IMAGE'] }, project, {
      keywords: 1,
      text: 0,
      discipline: 0,
    });
    expect(a.matchedKeywords).toEqual(['MEDICAL-IMAGE']);
  });
  it('ranks a matching expert above an unrelated one with the default weights', () => {
    const good = affinity({ disciplines: ['MATH'], keywords: ['随机矩阵', '谱分析'] }, project).score;
    const poor = affinity({ disciplines: ['IT'], keywords: ['蛋白质设计'] }, project).score;
    expect(good).toBeGreaterThan(poor);
  });
});
