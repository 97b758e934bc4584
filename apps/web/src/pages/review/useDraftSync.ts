import { useEffect, useRef, useState } from 'react';
import { tokens } from '../../lib/auth';
import { DraftSync, localBackup, type DraftSyncOptions, type FormValues, type SyncState } from './draftSync';

/** The saveReview mutation as text, for the one request sent while the page unloads. */
const SAVE_ON_LEAVE =
  'mutation SaveReview($assignmentId: ID!, $input: ReviewInput!, $expectedVersion: Int) ' +
  '{ saveReview(assignmentId: $assignmentId, input: $input, expectedVersion: $expectedVersion) { id version } }';

export interface Restored {
  kind: 'applied' | 'conflict';
  mine: FormValues;
}

/**
 * One DraftSync per opened assignment, created when its data first arrives and never re-created
 * from later answers of the same query (that reset was how edits were lost). Pending edits are sent
 * when the page is left: on a route change (the sync flushes as the page unmounts), when the tab is
 * hidden (phones switching apps) and on unload (a keepalive request the browser finishes after the
 * page is gone; the local backup holds anything it could not carry).
 */
export function useDraftSync(
  key: string | null,
  init: () => Omit<DraftSyncOptions, 'onState' | 'backup'> & { readOnly: boolean },
  toInput: (v: FormValues) => unknown,
) {
  const [state, setState] = useState<SyncState | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [restored, setRestored] = useState<Restored | null>(null);
  const ref = useRef<DraftSync | null>(null);
  const latest = useRef({ init, toInput });
  latest.current = { init, toInput };

  useEffect(() => {
    if (!key) return;
    const { readOnly, ...options } = latest.current.init();
    const backup = localBackup(key);
    const sync = new DraftSync({
      ...options,
      backup,
      onState: (s) => {
        setState(s);
        setValues(sync.current);
      },
    });
    ref.current = sync;
    setState(sync.state());
    setValues(sync.current);
    setRestored(null);
    const b = backup.read();
    if (b && readOnly) backup.clear();
    else if (b) {
      const differs = Object.keys(b.values).filter((k) => (b.values[k] ?? '') !== (options.initial[k] ?? ''));
      if (differs.length === 0) backup.clear();
      else if (b.baseVersion === options.version) {
        // the server has not moved since these edits were typed: they simply continue
        for (const k of differs) sync.edit(k, b.values[k]);
        setRestored({ kind: 'applied', mine: b.values });
      } else setRestored({ kind: 'conflict', mine: b.values });
    }

    const onHide = () => {
      if (document.visibilityState === 'hidden') void sync.flush();
    };
    const onPageHide = () => {
      if (!sync.hasUnsaved || sync.busy) return; // a request under way is itself sent with keepalive
      const payload = sync.payload();
      const t = tokens.get();
      try {
        void fetch('/graphql', {
          method: 'POST',
          keepalive: true,
          headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t.accessToken}` } : {}) },
          body: JSON.stringify({
            operationName: 'SaveReview',
            query: SAVE_ON_LEAVE,
            variables: {
              assignmentId: key,
              input: latest.current.toInput(payload),
              expectedVersion: sync.expectedVersion,
            },
          }),
        }).catch(() => undefined);
      } catch {
        /* over the keepalive size limit: the local backup keeps the edits */
      }
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // valid edits leave with the keepalive request; invalid ones cannot, so ask first
      const s = sync.state();
      if (s.unsaved.some((k) => k in s.invalid)) e.preventDefault();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      // leaving the page inside the app: send what is pending, then stop
      void sync.flush().finally(() => sync.dispose());
      if (ref.current === sync) ref.current = null;
    };
  }, [key]);

  return { sync: ref, state, values, restored, clearRestored: () => setRestored(null) };
}
