import { describe, expect, it } from 'vitest';
import { DraftSync, localBackup, type Backup, type FormValues, type SyncState } from './draftSync';

/**
 * A server with the API's rules for saveReview: a write must name the stored version
 * (VERSION_CONFLICT otherwise) and replaces the whole draft. Requests can be held to model a slow
 * network; every request is recorded.
 */
class FakeServer {
  values: FormValues;
  version: number;
  requests: { values: FormValues; expectedVersion: number }[] = [];
  held: (() => void)[] = [];
  hold = false;
  failNext = 0;
  constructor(values: FormValues, version: number) {
    this.values = { ...values };
    this.version = version;
  }
  save = async (values: FormValues, expectedVersion: number) => {
    this.requests.push({ values: { ...values }, expectedVersion });
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('network down');
    }
    if (expectedVersion !== this.version) throw Object.assign(new Error('conflict'), { code: 'VERSION_CONFLICT' });
    this.values = { ...values };
    this.version++;
    return { version: this.version, total: null, updatedAt: new Date(this.version * 1000).toISOString() };
  };
  release() {
    const h = this.held.splice(0);
    h.forEach((r) => r());
  }
}

/** Timers run only when the test says so. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  return {
    set: (fn: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clear: (h: unknown) => void pending.delete(h as number),
    runAll() {
      const all = [...pending.values()];
      pending.clear();
      all.forEach((t) => t.fn());
    },
    get count() {
      return pending.size;
    },
  };
}

const flushMicrotasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** Scores 0–10 in steps of 0.5, as the mid-term rubric's criteria. */
const validate = (v: FormValues) => {
  const e: Record<string, string> = {};
  for (const k of ['s1', 's2']) {
    const raw = v[k] ?? '';
    if (raw === '') continue;
    const n = Number(raw);
    if (!(n >= 0 && n <= 10) || Math.round(n * 2) !== n * 2) e[k] = 'bad';
  }
  return e;
};

function memoryBackup() {
  let b: Backup | null = null;
  return {
    read: () => b,
    write: (x: Backup) => void (b = x),
    clear: () => void (b = null),
    get current() {
      return b;
    },
  };
}

function setUp(initial: FormValues = { s1: '7', s2: '6', comment: '' }, version = 3) {
  const server = new FakeServer(initial, version);
  const timers = manualTimers();
  const states: SyncState[] = [];
  const backup = memoryBackup();
  const sync = new DraftSync({
    initial,
    version,
    total: null,
    savedAt: null,
    save: server.save,
    validate,
    isVersionConflict: (e) => (e as { code?: string }).code === 'VERSION_CONFLICT',
    onState: (s) => states.push(s),
    backup,
    timers,
  });
  return { server, timers, states, sync, backup, last: () => states[states.length - 1] };
}

describe('DraftSync', () => {
  it('keeps both changes of an existing draft edited across two autosaves (the lost-score report)', async () => {
    const { server, timers, sync } = setUp();
    sync.edit('s1', '3');
    timers.runAll();
    await flushMicrotasks();
    expect(server.values).toMatchObject({ s1: '3', s2: '6' });
    sync.edit('s2', '4');
    timers.runAll();
    await flushMicrotasks();
    expect(server.values).toMatchObject({ s1: '3', s2: '4' });
    expect(server.version).toBe(5);
    // what is on screen was never reset by an answer
    expect(sync.current).toMatchObject({ s1: '3', s2: '4' });
  });

  it('sends edits made while a request is on its way with the next request, one at a time, latest version', async () => {
    const { server, timers, sync, last, states } = setUp();
    server.hold = true;
    sync.edit('s1', '3');
    timers.runAll();
    await flushMicrotasks();
    expect(server.requests).toHaveLength(1);
    sync.edit('s2', '4'); // typed while the first save travels
    expect(last().phase).toBe('saving');
    server.hold = false;
    server.release();
    await flushMicrotasks();
    // the field typed meanwhile is still on screen, not replaced by the first answer, and it was
    // reported unsaved between the two answers
    expect(sync.current.s2).toBe('4');
    expect(states.some((s) => s.version === 4 && s.unsaved.join() === 's2')).toBe(true);
    timers.runAll();
    await flushMicrotasks();
    expect(server.requests.map((r) => r.expectedVersion)).toEqual([3, 4]);
    expect(server.requests[1].values).toMatchObject({ s1: '3', s2: '4' });
    expect(last().phase).toBe('saved');
    expect(last().unsaved).toEqual([]);
  });

  it('never has two requests in the air when autosave and an explicit flush race', async () => {
    const { server, timers, sync } = setUp();
    server.hold = true;
    sync.edit('s1', '3');
    const a = sync.flush();
    sync.edit('s2', '4');
    const b = sync.flush();
    timers.runAll();
    const c = sync.flush();
    await flushMicrotasks();
    expect(server.requests).toHaveLength(1);
    server.hold = false;
    server.release();
    await Promise.all([a, b, c]);
    expect(server.requests).toHaveLength(2);
    expect(server.values).toMatchObject({ s1: '3', s2: '4' });
  });

  it('saves the valid fields while an invalid one keeps the value the server had', async () => {
    const { server, timers, sync, last, backup } = setUp();
    sync.edit('s1', '11'); // above the maximum
    sync.edit('s2', '4');
    timers.runAll();
    await flushMicrotasks();
    expect(server.values).toMatchObject({ s1: '7', s2: '4' });
    expect(last().invalid).toEqual({ s1: 'bad' });
    expect(last().unsaved).toEqual(['s1']);
    expect(sync.current.s1).toBe('11');
    // the invalid value stays in the local backup
    expect(backup.current?.values.s1).toBe('11');
    sync.edit('s1', '9.5');
    timers.runAll();
    await flushMicrotasks();
    expect(server.values).toMatchObject({ s1: '9.5', s2: '4' });
    expect(last().unsaved).toEqual([]);
    expect(backup.current).toBeNull();
  });

  it('stops on a version conflict, keeps typing local, and saves over the other version when told to', async () => {
    const { server, timers, sync, last } = setUp();
    // another tab saves first
    server.values = { s1: '5', s2: '5', comment: 'other tab' };
    server.version = 4;
    sync.edit('s1', '3');
    timers.runAll();
    await flushMicrotasks();
    expect(last().phase).toBe('conflict');
    sync.edit('s2', '2');
    timers.runAll();
    await flushMicrotasks();
    expect(server.requests).toHaveLength(1); // nothing is sent while the conflict stands
    await sync.overwrite({ ...server.values }, server.version);
    expect(server.values).toEqual({ s1: '3', s2: '2', comment: '' });
    expect(server.requests[1].expectedVersion).toBe(4);
    expect(last().phase).toBe('saved');
  });

  it('takes the other version when told to, and forgets the backup', async () => {
    const { server, timers, sync, backup } = setUp();
    server.version = 4;
    sync.edit('s1', '3');
    timers.runAll();
    await flushMicrotasks();
    sync.adopt({ s1: '5', s2: '5', comment: '' }, 4, null, null);
    expect(sync.current.s1).toBe('5');
    expect(backup.current).toBeNull();
    sync.edit('s2', '1');
    await sync.flush();
    expect(server.values).toMatchObject({ s2: '1' });
  });

  it('retries after a failed request and keeps the edit meanwhile', async () => {
    const { server, timers, sync, last, backup } = setUp();
    server.failNext = 1;
    sync.edit('s1', '3');
    timers.runAll();
    await flushMicrotasks();
    expect(last().phase).toBe('error');
    expect(last().error).toBe('network down');
    expect(backup.current?.values.s1).toBe('3');
    expect(timers.count).toBe(1); // a retry is scheduled
    timers.runAll();
    await flushMicrotasks();
    expect(server.values.s1).toBe('3');
    expect(last().phase).toBe('saved');
  });

  it('keeps a backup of every unconfirmed edit in localStorage, per assignment', () => {
    const store = localBackup('a1');
    store.write({ baseVersion: 2, values: { s1: '3' }, at: 'x' });
    expect(localBackup('a1').read()).toEqual({ baseVersion: 2, values: { s1: '3' }, at: 'x' });
    expect(localBackup('a2').read()).toBeNull();
    localStorage.setItem('tianyuan.draft.a3', '{broken');
    expect(localBackup('a3').read()).toBeNull();
    // another tab's backup of the same review is not cleared by this tab's confirmation
    store.clear({ s1: '4' });
    expect(localBackup('a1').read()?.values).toEqual({ s1: '3' });
    store.clear({ s1: '3' });
    expect(localBackup('a1').read()).toBeNull();
  });
});
