/**
 * "May R review P?" in O(1): the set of conflicted pairs, keyed by project and reviewer ids.
 * The assignment code builds one from stored detections and asks it per candidate pair.
 */
export class ConflictIndex {
  private readonly pairs = new Set<string>();

  constructor(pairs: Iterable<{ project: string; reviewer: string }> = []) {
    for (const p of pairs) this.add(p.project, p.reviewer);
  }

  add(project: string, reviewer: string): void {
    this.pairs.add(project + '\u0000' + reviewer);
  }

  conflicted(project: string, reviewer: string): boolean {
    return this.pairs.has(project + '\u0000' + reviewer);
  }

  get size(): number {
    return this.pairs.size;
  }
}
