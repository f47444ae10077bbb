/** Timings of one contender, in ms. */
export interface Timing {
  name: string;
  times: number[];
  median: number;
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const hi = s[mid] ?? Number.NaN;
  return s.length % 2 === 1 ? hi : ((s[mid - 1] ?? hi) + hi) / 2;
}

/** Times one call. */
export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Rounds for a case whose warm-up round took `warmupMs`: slow cases get fewer (their noise is relatively smaller). */
export function roundsFor(runs: number, warmupMs: number, slowMs = 1500): number {
  if (warmupMs <= slowMs) return runs;
  const fewer = Math.max(3, Math.ceil(runs / 2));
  return fewer % 2 === 0 ? fewer + 1 : fewer;
}

/**
 * Times contenders interleaved: each round runs every contender once, the order reversed every other round,
 * so load spikes on the shared machine hit all of them alike. One untimed warm-up round first; slow cases get
 * fewer rounds (roundsFor) to keep the whole bench within its time budget.
 */
export async function interleaved(
  contenders: readonly { name: string; run: () => Promise<unknown> }[],
  runs: number,
): Promise<Timing[]> {
  const warmup = performance.now();
  for (const c of contenders) await c.run();
  const rounds = roundsFor(runs, performance.now() - warmup);
  const times = contenders.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const c = contenders[i];
      if (c) times[i]?.push(await timeOnce(c.run));
    }
  }
  return contenders.map((c, i) => ({ name: c.name, times: times[i] ?? [], median: median(times[i] ?? []) }));
}
