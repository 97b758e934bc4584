/**
 * A small in-process cache of byte buffers: entries live `ttlMs`, and the least recently used go
 * first once their total passes `maxBytes`. Nothing depends on a hit: a miss recomputes.
 */
export class ByteCache {
  private readonly entries = new Map<string, { bytes: Buffer; until: number }>();
  private total = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.until < Date.now()) {
      this.total -= e.bytes.length;
      return undefined;
    }
    this.entries.set(key, e); // most recently used last
    return e.bytes;
  }

  set(key: string, bytes: Buffer) {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.total -= old.bytes.length;
    }
    if (bytes.length > this.maxBytes) return;
    this.entries.set(key, { bytes, until: Date.now() + this.ttlMs });
    this.total += bytes.length;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= e.bytes.length;
    }
  }
}
