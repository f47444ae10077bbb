// A small read asked by many answers at once (the data versions and freshness every KPI answer checks, the survey
// every answer click reads): one read serves every caller that arrived before it started. A caller arriving while a
// read runs does not take that read's result (it began earlier, and could miss a write committed in between): it
// waits for the next read, started as soon as the running one ends, and shared by everyone who queued meanwhile.
// Each caller therefore gets data at least as new as its own arrival, and a burst of N answers costs about two reads
// at a time instead of N.

/** The coalescing of one read; `idle` is called when no read runs and none is queued. */
function coalescer<T>(read: () => Promise<T>, idle?: () => void): () => Promise<T> {
  let running: Promise<T> | undefined;
  let queued: Promise<T> | undefined;
  const start = (): Promise<T> => {
    const p = read().finally(() => {
      if (running === p) running = undefined;
      if (!running && !queued) idle?.();
    });
    running = p;
    return p;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = undefined;
        return start();
      });
    return queued;
  };
}

/** Wraps `read` so that concurrent callers share reads that started after they arrived. */
export function coalescedReads<T>(read: () => Promise<T>): () => Promise<T> {
  return coalescer(read);
}

/** The same, per key: callers of the same key share reads; a key is forgotten once no read of it runs. */
export function coalescedReadsByKey<K, T>(read: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const byKey = new Map<K, () => Promise<T>>();
  return (key) => {
    let shared = byKey.get(key);
    if (!shared) {
      shared = coalescer(
        () => read(key),
        () => byKey.delete(key),
      );
      byKey.set(key, shared);
    }
    return shared();
  };
}
