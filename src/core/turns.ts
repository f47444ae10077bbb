// One event loop per thread acknowledges every chat request, and the same loop builds the answers. Answers arrive in
// bursts: fifty people waiting on one KPI query all resume in the same instant, and if each builds its reply at once
// (formatting, Block Kit, a chart), the loop is held for seconds while new requests wait unaccepted — Slack shows
// them an error at 3 s. Turns spread that work out: a CPU-heavy step first waits for its turn, and turns are given
// one per loop iteration, after the loop has polled for I/O, so new requests are accepted and acknowledged between
// any two steps. The work is done at the same pace; only its order changes (first come, first served).
//
// A turn is not a lock: a step that awaits I/O lets the next turn start at the next iteration. The queue belongs to
// the thread (its event loop), not to an App: two apps in one process share one loop.

const waiting: (() => void)[] = [];
let pumping = false;
let peak = 0;

function pump(): void {
  const next = waiting.shift();
  if (next) next();
  if (waiting.length > 0) setImmediate(pump);
  else pumping = false;
}

/**
 * Resolves at this thread's next free turn: call it right before a step that keeps the CPU busy for milliseconds
 * (building a reply, rendering it for a platform, drawing a chart).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (waiting.length > peak) peak = waiting.length;
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/** The most steps that waited for their turn at once since the last call (for /metrics and the queue warning). */
export function takeTurnsPeak(): number {
  const seen = peak;
  peak = waiting.length;
  return seen;
}
