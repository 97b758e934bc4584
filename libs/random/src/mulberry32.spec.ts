import { mulberry32 } from '.';

describe('mulberry32', () => {
  it('gives the reference sequence (values from an independent Python implementation)', () => {
    const r = mulberry32(1);
    expect([r(), r(), r(), r()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522, 0.9810509674716741,
    ]);
    const s = mulberry32(20261130);
    expect([s(), s(), s(), s()]).toEqual([
      0.5090388669632375, 0.4547965507954359, 0.49726691213436425, 0.30061579844914377,
    ]);
  });

  it('stays in [0, 1) and fills it evenly (10 bins of 100 000 draws within 2 %)', () => {
    const r = mulberry32(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      bins[Math.floor(x * 10)]++;
    }
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(200);
  });
});
