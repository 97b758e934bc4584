/**
 * The agenda's order. By default the mail-review ranking; `byRecusal` reorders so that the set of
 * members who must leave the room changes as rarely as possible (HotCRP's discussion order): a
 * greedy walk that always takes, among the items left, the one whose recused set differs least
 * from the current one (ties: the better-ranked item), starting from the best-ranked item.
 */
export interface AgendaItem {
  id: string;
  /** position in the mail-review ranking (1 = best) */
  rank: number;
  /** members recused from this item */
  recused: string[];
}

const distance = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  let d = 0;
  for (const x of a) if (!b.has(x)) d++;
  for (const x of b) if (!a.has(x)) d++;
  return d;
};

export function orderAgenda(items: AgendaItem[], opts: { byRecusal?: boolean } = {}): string[] {
  const ranked = [...items].sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
  if (!opts.byRecusal || ranked.length < 3) return ranked.map((i) => i.id);
  const sets = new Map(ranked.map((i) => [i.id, new Set(i.recused)]));
  const left = [...ranked];
  const out: AgendaItem[] = [left.shift()!];
  while (left.length) {
    const cur = sets.get(out[out.length - 1].id)!;
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k < left.length; k++) {
      const d = distance(cur, sets.get(left[k].id)!);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    out.push(left.splice(best, 1)[0]);
  }
  return out.map((i) => i.id);
}

/** How many members walk out or back in over the agenda (the number `byRecusal` makes small). */
export function recusalChanges(order: string[], items: AgendaItem[]): number {
  const sets = new Map(items.map((i) => [i.id, new Set(i.recused)]));
  let changes = 0;
  let prev = new Set<string>();
  for (const id of order) {
    const cur = sets.get(id)!;
    changes += distance(prev, cur);
    prev = cur;
  }
  return changes;
}
