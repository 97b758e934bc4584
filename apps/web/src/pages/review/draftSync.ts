/**
 * Keeps a reviewer's draft in step with the server without ever losing an edit.
 *
 * The rules, each one a way the old form lost scores:
 * - What the reviewer typed is the truth on screen. A server answer moves the version, the total
 *   and the "saved" time; it never writes a field back (the old form re-read the draft from the
 *   cache after each save and put stale values into fields touched meanwhile, which the next save
 *   then sent back).
 * - One request at a time, always with the latest version and the latest values: edits made while
 *   a request is on its way are sent by the next one, right after it returns.
 * - A field that does not validate is not sent; the server keeps its last confirmed value for it
 *   while every valid field is saved, and the field says "not saved: fix it".
 * - Every edit is also written to a local backup (storage given by the caller) until the server
 *   confirms it, so a closed tab, a crash or a dropped connection loses nothing: the page offers the
 *   backup when it is opened again.
 * - A version conflict (another tab or device saved meanwhile) stops the saving and hands both
 *   versions to the page; the reviewer chooses.
 *
 * Framework-free so that every rule has a fast spec (draftSync.test.ts).
 */

export type FormValues = Record<string, string>;

export interface SaveAnswer {
  version: number;
  total: number | null;
  updatedAt: string;
}

export type Phase = 'clean' | 'pending' | 'saving' | 'saved' | 'error' | 'conflict';

export interface SyncState {
  phase: Phase;
  version: number;
  total: number | null;
  savedAt: string | null;
  /** fields with a value the server does not have (invalid ones included) */
  unsaved: string[];
  /** fields that do not validate: kept on screen, not sent */
  invalid: Record<string, string>;
  error: string | null;
  /** after a failure: when the next try goes, in ms (null when none is pending) */
  retryInMs: number | null;
}

export interface Backup {
  baseVersion: number;
  values: FormValues;
  at: string;
}

export interface BackupStore {
  read(): Backup | null;
  write(b: Backup): void;
  /**
   * Forgets the backup; with `ifValues`, only when it holds those values (another tab of the same
   * review may have written its own unsaved edits there meanwhile).
   */
  clear(ifValues?: FormValues): void;
}

export interface DraftSyncOptions {
  /** what the server has: the form starts from it */
  initial: FormValues;
  version: number;
  total: number | null;
  savedAt: string | null;
  save: (values: FormValues, expectedVersion: number) => Promise<SaveAnswer>;
  /** field → message for each field that may not be sent as it is */
  validate: (values: FormValues) => Record<string, string>;
  isVersionConflict: (e: unknown) => boolean;
  /** what to tell the reviewer about a failed save */
  describe?: (e: unknown) => string;
  onState: (s: SyncState) => void;
  backup?: BackupStore;
  delayMs?: number;
  /** waits before retrying after a network or server failure, by attempt */
  retryMs?: (attempt: number) => number;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (h: unknown) => void };
}

const sameValues = (a: FormValues, b: FormValues, keys: Iterable<string>) => {
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
};

export class DraftSync {
  private values: FormValues;
  /** what the server has, as far as this page knows */
  private confirmed: FormValues;
  private version: number;
  private total: number | null;
  private savedAt: string | null;
  private phase: Phase = 'clean';
  private error: string | null = null;
  private retries = 0;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private disposed = false;
  private readonly o: Required<Omit<DraftSyncOptions, 'backup' | 'describe'>> &
    Pick<DraftSyncOptions, 'backup' | 'describe'>;

  constructor(options: DraftSyncOptions) {
    this.o = {
      delayMs: 1200,
      retryMs: (n) => Math.min(30_000, 2000 * 2 ** (n - 1)),
      timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      ...options,
    };
    this.values = { ...options.initial };
    this.confirmed = { ...options.initial };
    this.version = options.version;
    this.total = options.total;
    this.savedAt = options.savedAt;
  }

  get current(): FormValues {
    return this.values;
  }

  state(): SyncState {
    const invalid = this.o.validate(this.values);
    return {
      phase: this.phase,
      version: this.version,
      total: this.total,
      savedAt: this.savedAt,
      unsaved: this.keys().filter((k) => (this.values[k] ?? '') !== (this.confirmed[k] ?? '')),
      invalid,
      error: this.error,
      retryInMs: this.phase === 'error' ? this.o.retryMs(this.retries) : null,
    };
  }

  /** True while something typed is not on the server (a request under way counts). */
  get hasUnsaved(): boolean {
    return this.inFlight !== null || !sameValues(this.values, this.confirmed, this.keys());
  }

  /** True while a request is on its way. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  edit(field: string, value: string) {
    if (this.disposed) return;
    this.values = { ...this.values, [field]: value };
    this.writeBackup();
    if (this.phase !== 'conflict') {
      this.phase = this.inFlight ? 'saving' : 'pending';
      this.schedule(this.o.delayMs);
    }
    this.emit();
  }

  /** Sends what is pending now; resolves once the server has everything that can be sent. */
  async flush(): Promise<void> {
    this.cancelTimer();
    // one request at a time: wait for the one under way, then send whatever it did not carry
    for (let guard = 0; guard < 20; guard++) {
      if (this.inFlight) {
        await this.inFlight;
        continue; // another caller may have started the next request meanwhile
      }
      if (this.phase === 'conflict' || this.disposed) return;
      const payload = this.payload();
      if (sameValues(payload, this.confirmed, this.keys())) {
        this.settle();
        return;
      }
      this.inFlight = this.send(payload);
      await this.inFlight;
      if (this.failed()) return; // send() moved the phase meanwhile
    }
  }

  /**
   * What a request sent right now would carry: every valid field as typed, and the last confirmed
   * value for each invalid one (so the server keeps what it had).
   */
  payload(): FormValues {
    const invalid = this.o.validate(this.values);
    const p: FormValues = { ...this.values };
    for (const k of Object.keys(invalid)) p[k] = this.confirmed[k] ?? '';
    return p;
  }

  /** The version a request sent now should expect. */
  get expectedVersion(): number {
    return this.version;
  }

  /** The other version won: take the server's values (the backup goes). */
  adopt(values: FormValues, version: number, total: number | null, savedAt: string | null) {
    this.cancelTimer();
    this.values = { ...values };
    this.confirmed = { ...values };
    this.version = version;
    this.total = total;
    this.savedAt = savedAt;
    this.phase = 'saved';
    this.error = null;
    this.o.backup?.clear();
    this.emit();
  }

  /** Keep what is on screen: save it over the server's newer version. */
  async overwrite(serverValues: FormValues, serverVersion: number) {
    this.confirmed = { ...serverValues };
    this.version = serverVersion;
    this.phase = 'pending';
    this.error = null;
    this.writeBackup();
    this.emit();
    await this.flush();
  }

  /** The server changed the review's status (submitted, withdrawn): its version moves on. */
  moved(version: number, total?: number | null) {
    this.version = version;
    if (total !== undefined) this.total = total;
    this.writeBackup();
    this.emit();
  }

  dispose() {
    this.cancelTimer();
    this.disposed = true;
  }

  private failed() {
    return this.phase === 'error' || this.phase === 'conflict';
  }

  private keys(): string[] {
    return [...new Set([...Object.keys(this.values), ...Object.keys(this.confirmed)])];
  }

  private schedule(ms: number) {
    this.cancelTimer();
    this.timer = this.o.timers.set(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private cancelTimer() {
    if (this.timer !== null) this.o.timers.clear(this.timer);
    this.timer = null;
  }

  private async send(payload: FormValues): Promise<void> {
    this.phase = 'saving';
    this.emit();
    try {
      const r = await this.o.save(payload, this.version);
      this.version = r.version;
      this.total = r.total;
      this.savedAt = r.updatedAt;
      this.confirmed = payload;
      this.error = null;
      this.retries = 0;
      this.settle();
    } catch (e) {
      if (this.o.isVersionConflict(e)) {
        this.phase = 'conflict';
        this.error = null;
      } else {
        this.phase = 'error';
        this.error = this.o.describe ? this.o.describe(e) : ((e as Error).message ?? String(e));
        this.retries += 1;
        if (!this.disposed) this.schedule(this.o.retryMs(this.retries));
      }
      this.emit();
    } finally {
      this.inFlight = null;
    }
  }

  /** After a confirmation: saved when nothing sendable is left, else the next request is queued. */
  private settle() {
    const pendingSendable = !sameValues(this.payload(), this.confirmed, this.keys());
    if (pendingSendable) {
      this.phase = 'pending';
      if (this.timer === null) this.schedule(0);
    } else {
      this.phase = this.savedAt ? 'saved' : 'clean';
    }
    if (sameValues(this.values, this.confirmed, this.keys())) this.o.backup?.clear(this.values);
    else this.writeBackup();
    this.emit();
  }

  private writeBackup() {
    if (!this.o.backup) return;
    if (sameValues(this.values, this.confirmed, this.keys())) return;
    this.o.backup.write({ baseVersion: this.version, values: this.values, at: new Date().toISOString() });
  }

  private emit() {
    if (!this.disposed) this.o.onState(this.state());
  }
}

/** A backup in the browser's localStorage, one key per assignment (cleared on sign-out). */
export function localBackup(assignmentId: string, storage: Storage = localStorage): BackupStore {
  const key = `tianyuan.draft.${assignmentId}`;
  return {
    read() {
      try {
        const raw = storage.getItem(key);
        if (!raw) return null;
        const b = JSON.parse(raw) as Backup;
        return typeof b.baseVersion === 'number' && b.values && typeof b.values === 'object' ? b : null;
      } catch {
        return null;
      }
    },
    write(b) {
      try {
        storage.setItem(key, JSON.stringify(b));
      } catch {
        /* storage full or disabled: the server copy is all there is */
      }
    },
    clear(ifValues) {
      if (ifValues) {
        const b = this.read();
        if (!b) return;
        const keys = new Set([...Object.keys(b.values), ...Object.keys(ifValues)]);
        if (!sameValues(b.values, ifValues, keys)) return;
      }
      storage.removeItem(key);
    },
  };
}

/** Removes every draft backup (on sign-out: another person may use this browser next). */
export function clearBackups(storage: Storage = localStorage) {
  for (let i = storage.length - 1; i >= 0; i--) {
    const k = storage.key(i);
    if (k?.startsWith('tianyuan.draft.')) storage.removeItem(k);
  }
}
