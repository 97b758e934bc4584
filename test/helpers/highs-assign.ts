import highsLoader from 'highs';

interface Instance {
  reviewersPerProject: number;
  projects: { id: string; requires?: string[]; reviewers?: number }[];
  reviewers: { id: string; disciplines?: string[]; maxLoad: number; minLoad?: number }[];
  candidates: [string, string, number][];
  conflicts?: [string, string][];
  locked?: [string, string][];
}

/**
 * The assignment LP (docs/contract/assignment.md) in HiGHS, built as sparse column arrays
 * independently of the project's solver. Variables: x (pair assigned) and y (pair designated for a
 * discipline). The LP is the flow polytope, so its optimum is the integer optimum.
 */
export async function lpOptimum(inst: Instance): Promise<number | null> {
  const highs = await highsLoader();
  const conf = new Set((inst.conflicts ?? []).map(([p, r]) => `${p}|${r}`));
  const lock = new Set((inst.locked ?? []).map(([p, r]) => `${p}|${r}`));
  const disc = new Map(inst.reviewers.map((r) => [r.id, r.disciplines ?? []]));
  const req = new Map(inst.projects.map((p) => [p.id, p.requires ?? []]));
  const cand = inst.candidates.filter(([p, r]) => !conf.has(`${p}|${r}`));
  const lines: string[] = [];
  const obj: string[] = [];
  const byP = new Map<string, string[]>();
  const byR = new Map<string, string[]>();
  const byPD = new Map<string, string[]>();
  const bounds: string[] = [];
  cand.forEach(([p, r, a], i) => {
    const x = `x${i}`;
    obj.push(`${a} ${x}`);
    (byP.get(p) ?? byP.set(p, []).get(p)!).push(x);
    (byR.get(r) ?? byR.set(r, []).get(r)!).push(x);
    bounds.push(lock.has(`${p}|${r}`) ? ` ${x} = 1` : ` 0 <= ${x} <= 1`);
    const ys: string[] = [];
    for (const d of req.get(p)!) {
      if (!disc.get(r)!.includes(d)) continue;
      const y = `y${i}_${d}`;
      ys.push(y);
      bounds.push(` 0 <= ${y} <= 1`);
      (byPD.get(`${p}|${d}`) ?? byPD.set(`${p}|${d}`, []).get(`${p}|${d}`)!).push(y);
    }
    if (ys.length) lines.push(`${ys.join(' + ')} - ${x} <= 0`);
  });
  for (const p of inst.projects) {
    const xs = byP.get(p.id);
    if (!xs) return null;
    lines.push(`${xs.join(' + ')} = ${p.reviewers ?? inst.reviewersPerProject}`);
    for (const d of p.requires ?? []) {
      const ys = byPD.get(`${p.id}|${d}`);
      if (!ys) return null;
      lines.push(`${ys.join(' + ')} >= 1`);
    }
  }
  for (const r of inst.reviewers) {
    const xs = byR.get(r.id);
    if (!xs) continue;
    lines.push(`${xs.join(' + ')} <= ${r.maxLoad}`);
    if (r.minLoad) lines.push(`${xs.join(' + ')} >= ${r.minLoad}`);
  }
  const lp = `Maximize\n obj: ${obj.join(' + ')}\nSubject To\n${lines.map((l, i) => ` c${i}: ${l}`).join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
  const s = highs.solve(lp);
  if (s.Status === 'Infeasible') return null;
  if (s.Status !== 'Optimal') throw new Error(`HiGHS: ${s.Status}`);
  return s.ObjectiveValue;
}
