import { useEffect } from 'react';

/** Asks `poll(id)` at once and then every `ms` while there is an id (a background run being watched). */
export function usePolling(id: string | null, poll: (id: string) => void, ms = 700) {
  useEffect(() => {
    if (!id) return;
    const timer = setInterval(() => poll(id), ms);
    poll(id);
    return () => clearInterval(timer);
  }, [id, poll, ms]);
}
