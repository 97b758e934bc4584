/**
 * Minimum-cost flow with lower bounds, by cost scaling push–relabel (Goldberg & Tarjan 1990;
 * Goldberg 1997, "An efficient implementation of a scaling minimum-cost flow algorithm"), on
 * typed arrays. Costs must be integers; the result is exactly optimal for them.
 *
 * Lower bounds are moved into node balances; a max-flow (Dinic) from a super source first proves
 * that a feasible flow exists, so that the scaling phases always terminate.
 */
export class MinCostFlow {
  readonly tails: number[] = [];
  readonly heads: number[] = [];
  private lows: number[] = [];
  private caps: number[] = [];
  private costs: number[] = [];
  private readonly supply: Float64Array;

  /** Flow on each added edge after solve(), lower bound included. */
  flow: Float64Array = new Float64Array(0);
  totalCost = 0;

  constructor(readonly n: number) {
    this.supply = new Float64Array(n);
  }

  /** Adds an edge u→v carrying between lo and hi units at `cost` each; returns its index. */
  addEdge(u: number, v: number, lo: number, hi: number, cost: number): number {
    this.tails.push(u);
    this.heads.push(v);
    this.lows.push(lo);
    this.caps.push(hi);
    this.costs.push(cost);
    return this.tails.length - 1;
  }

  setSupply(v: number, s: number) {
    this.supply[v] = s;
  }

  get edgeCount() {
    return this.tails.length;
  }

  /** Solves; returns false when no flow meets every bound and balance. */
  solve(): boolean {
    const E = this.tails.length;
    const n = this.n;
    const excess = new Float64Array(this.supply);
    // residual graph in CSR form: arc 2e is edge e forward, 2e+1 its reverse
    const deg = new Int32Array(n + 1);
    for (let e = 0; e < E; e++) {
      if (this.lows[e] > this.caps[e]) return false;
      deg[this.tails[e]]++;
      deg[this.heads[e]]++;
      excess[this.tails[e]] -= this.lows[e];
      excess[this.heads[e]] += this.lows[e];
    }
    const first = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) first[v + 1] = first[v] + deg[v];
    const pos = first.slice(0, n);
    const A = 2 * E;
    const head = new Int32Array(A);
    const rescap = new Float64Array(A);
    const cost = new Float64Array(A);
    const rev = new Int32Array(A);
    const fwdArc = new Int32Array(E);
    for (let e = 0; e < E; e++) {
      const u = this.tails[e];
      const v = this.heads[e];
      const a = pos[u]++;
      const b = pos[v]++;
      head[a] = v;
      head[b] = u;
      rescap[a] = this.caps[e] - this.lows[e];
      rescap[b] = 0;
      cost[a] = this.costs[e];
      cost[b] = -this.costs[e];
      rev[a] = b;
      rev[b] = a;
      fwdArc[e] = a;
    }

    if (!feasible(n, first, head, rescap, rev, excess)) return false;

    // Cost scaling. Costs are multiplied by (n + 1) so that an ε < 1 flow is optimal.
    const scale = n + 1;
    let maxC = 0;
    for (let a = 0; a < A; a++) {
      cost[a] *= scale;
      if (Math.abs(cost[a]) > maxC) maxC = Math.abs(cost[a]);
    }
    const price = new Float64Array(n);
    const cur = new Int32Array(n);
    const queue = new Int32Array(n + 1);
    const inQueue = new Uint8Array(n);
    const ALPHA = 8;
    const gu = new GlobalUpdate(n, first, head, rescap, cost, rev, price, excess);
    let eps = Math.max(1, maxC);
    for (;;) {
      eps = Math.max(1, Math.floor(eps / ALPHA));
      // saturate every admissible arc: the flow becomes 0-optimal, balances break
      for (let u = 0; u < n; u++) {
        const pu = price[u];
        for (let a = first[u], end = first[u + 1]; a < end; a++) {
          const r = rescap[a];
          if (r > 0 && cost[a] + pu - price[head[a]] < 0) {
            rescap[a] = 0;
            rescap[rev[a]] += r;
            excess[u] -= r;
            excess[head[a]] += r;
          }
        }
      }
      gu.run(eps);
      let relabels = 0;
      let qh = 0;
      let qt = 0;
      const qn = n + 1;
      for (let v = 0; v < n; v++) {
        cur[v] = first[v];
        if (excess[v] > 0) {
          queue[qt] = v;
          qt = (qt + 1) % qn;
          inQueue[v] = 1;
        } else inQueue[v] = 0;
      }
      while (qh !== qt) {
        const v = queue[qh];
        qh = (qh + 1) % qn;
        inQueue[v] = 0;
        // discharge v
        const end = first[v + 1];
        while (excess[v] > 0) {
          let a = cur[v];
          const pv = price[v];
          for (; a < end; a++) {
            if (rescap[a] > 0 && cost[a] + pv - price[head[a]] < 0) break;
          }
          if (a < end) {
            cur[v] = a;
            const w = head[a];
            const d = excess[v] < rescap[a] ? excess[v] : rescap[a];
            rescap[a] -= d;
            rescap[rev[a]] += d;
            excess[v] -= d;
            excess[w] += d;
            if (excess[w] > 0 && !inQueue[w]) {
              queue[qt] = w;
              qt = (qt + 1) % qn;
              inQueue[w] = 1;
            }
          } else {
            // relabel: the highest price that makes some residual arc admissible by ε
            let best = -Infinity;
            for (let b = first[v]; b < end; b++) {
              if (rescap[b] > 0) {
                const cand = price[head[b]] - cost[b];
                if (cand > best) best = cand;
              }
            }
            price[v] = best - eps;
            cur[v] = first[v];
            if (++relabels > n) {
              // Exact distance labels every n relabels keep the pushes aimed at the deficits.
              relabels = 0;
              gu.run(eps);
              for (let u = 0; u < n; u++) cur[u] = first[u];
            }
          }
        }
      }
      if (eps === 1) break;
    }

    this.flow = new Float64Array(E);
    let total = 0;
    for (let e = 0; e < E; e++) {
      const a = fwdArc[e];
      const f = this.caps[e] - this.lows[e] - rescap[a] + this.lows[e];
      this.flow[e] = f;
      total += f * this.costs[e];
    }
    this.totalCost = total;
    return true;
  }
}

/**
 * Is there a flow meeting every balance? Max flow (Dinic) from a super source to a super sink on
 * a copy of the residual capacities; true when every positive balance can be routed.
 */
function feasible(
  n: number,
  first: Int32Array,
  head: Int32Array,
  rescap0: Float64Array,
  rev: Int32Array,
  excess: Float64Array,
): boolean {
  let need = 0;
  const s = n;
  const t = n + 1;
  const N = n + 2;
  // extra arcs from s and to t live in side arrays
  const srcCap = new Float64Array(n);
  const snkCap = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    if (excess[v] > 0) {
      srcCap[v] = excess[v];
      need += excess[v];
    } else if (excess[v] < 0) snkCap[v] = -excess[v];
  }
  if (need === 0) {
    for (let v = 0; v < n; v++) if (excess[v] !== 0) return false;
    return true;
  }
  const cap = Float64Array.from(rescap0);
  const level = new Int32Array(N);
  const it = new Int32Array(n);
  const q = new Int32Array(N);
  let flow = 0;
  for (;;) {
    level.fill(-1);
    let qh = 0;
    let qt = 0;
    level[s] = 0;
    for (let v = 0; v < n; v++) {
      if (srcCap[v] > 0) {
        level[v] = 1;
        q[qt++] = v;
      }
    }
    let reached = false;
    while (qh < qt) {
      const u = q[qh++];
      if (snkCap[u] > 0) reached = true;
      for (let a = first[u]; a < first[u + 1]; a++) {
        const w = head[a];
        if (cap[a] > 0 && level[w] < 0) {
          level[w] = level[u] + 1;
          q[qt++] = w;
        }
      }
    }
    if (!reached) break;
    level[t] = Infinity as unknown as number;
    for (let v = 0; v < n; v++) it[v] = first[v];
    // iterative DFS from each source-adjacent node
    const stackV = new Int32Array(N);
    const stackA = new Int32Array(N);
    for (let v0 = 0; v0 < n; v0++) {
      while (srcCap[v0] > 0) {
        // find a path v0 → … → u with snkCap[u] > 0 along level-increasing arcs
        let depth = 0;
        stackV[0] = v0;
        let found = -1;
        while (depth >= 0) {
          const u = stackV[depth];
          if (snkCap[u] > 0) {
            found = depth;
            break;
          }
          let advanced = false;
          for (; it[u] < first[u + 1]; it[u]++) {
            const a = it[u];
            const w = head[a];
            if (cap[a] > 0 && level[w] === level[u] + 1) {
              stackA[depth] = a;
              stackV[++depth] = w;
              advanced = true;
              break;
            }
          }
          if (!advanced) {
            level[u] = -1; // dead end
            depth--;
            if (depth >= 0) it[stackV[depth]]++;
          }
        }
        if (found < 0) break;
        const last = stackV[found];
        let d = Math.min(srcCap[v0], snkCap[last]);
        for (let i = 0; i < found; i++) d = Math.min(d, cap[stackA[i]]);
        srcCap[v0] -= d;
        snkCap[last] -= d;
        for (let i = 0; i < found; i++) {
          cap[stackA[i]] -= d;
          cap[rev[stackA[i]]] += d;
        }
        flow += d;
      }
    }
  }
  return flow === need;
}

/**
 * Global price update (Goldberg 1997, §5): Dial's algorithm from the deficit nodes backwards over
 * residual arcs of length floor(reduced cost / ε) + 1, then p(v) −= ε·d(v). The labels are a
 * consistent distance function, so ε-optimality is kept while admissible paths lead to deficits.
 */
class GlobalUpdate {
  private readonly rank: Int32Array;
  private readonly bucketHead: Int32Array;
  private readonly nextInBucket: Int32Array;
  private readonly prevInBucket: Int32Array;
  private readonly done: Uint8Array;

  constructor(
    private readonly n: number,
    private readonly first: Int32Array,
    private readonly head: Int32Array,
    private readonly rescap: Float64Array,
    private readonly cost: Float64Array,
    private readonly rev: Int32Array,
    private readonly price: Float64Array,
    private readonly excess: Float64Array,
  ) {
    this.rank = new Int32Array(n);
    this.bucketHead = new Int32Array(n + 1);
    this.nextInBucket = new Int32Array(n);
    this.prevInBucket = new Int32Array(n);
    this.done = new Uint8Array(n);
  }

  run(eps: number) {
    const { n, first, head, rescap, cost, rev, price, excess, rank, bucketHead, nextInBucket, prevInBucket, done } =
      this;
    const MAX = n; // labels beyond n are never needed
    bucketHead.fill(-1);
    let remaining = 0;
    for (let v = 0; v < n; v++) {
      done[v] = 0;
      if (excess[v] < 0) {
        rank[v] = 0;
        this.insert(v, 0);
      } else {
        rank[v] = MAX;
        if (excess[v] > 0) remaining++;
      }
    }
    if (remaining === 0) return;
    let r = 0;
    for (; r < MAX; r++) {
      while (bucketHead[r] >= 0) {
        const u = bucketHead[r];
        bucketHead[r] = nextInBucket[u];
        if (nextInBucket[u] >= 0) prevInBucket[nextInBucket[u]] = -1;
        done[u] = 1;
        if (excess[u] > 0 && --remaining === 0) break;
        const pu = price[u];
        // arcs v→u with residual capacity are the reverses of u's arcs
        for (let a = first[u], end = first[u + 1]; a < end; a++) {
          const v = head[a];
          if (done[v]) continue;
          const ra = rev[a];
          if (rescap[ra] <= 0) continue;
          const rc = cost[ra] + price[v] - pu;
          const len = Math.floor(rc / eps) + 1;
          const nr = r + (len > 0 ? len : 0);
          if (nr < rank[v]) {
            if (rank[v] < MAX) this.remove(v, rank[v]);
            rank[v] = nr;
            if (nr < MAX) this.insert(v, nr);
          }
        }
      }
      if (remaining === 0) break;
    }
    for (let v = 0; v < n; v++) {
      const d = done[v] ? rank[v] : Math.min(rank[v], r);
      if (d > 0) price[v] -= d * eps;
    }
  }

  private insert(v: number, b: number) {
    const h = this.bucketHead[b];
    this.nextInBucket[v] = h;
    this.prevInBucket[v] = -1;
    if (h >= 0) this.prevInBucket[h] = v;
    this.bucketHead[b] = v;
  }

  private remove(v: number, b: number) {
    const p = this.prevInBucket[v];
    const nx = this.nextInBucket[v];
    if (p >= 0) this.nextInBucket[p] = nx;
    else this.bucketHead[b] = nx;
    if (nx >= 0) this.prevInBucket[nx] = p;
  }
}
