// One event loop per thread acknowledges every chat request, and the same loop builds the answers. Answers arrive in
// bursts: fifty people waiting on one KPI query all resume in the same instant, and if each builds its reply at once
// (formatting, Block Kit, a chart), the loop is held for seconds while new requests wait unaccepted — Slack shows
// them an error at 3 s. Turns spread that work out: a CPU-heavy step first waits for its turn, and turns are given
// one per few loop iterations (POLLS_PER_TURN), after the loop has polled for I/O, so new requests are accepted and
// acknowledged between any two steps. The work is done at the same pace; only its order changes (first come, first served).
//
// A turn is not a lock: a step that awaits I/O lets the next turn start at the next iteration. The queue belongs to
// the thread (its event loop), not to an App: two apps in one process share one loop.

const waiting: (() => void)[] = [];
let pumping = false;
let peak = 0;

/**
 * Loop iterations between two turns. Node accepts one new connection per loop iteration (measured: 60 connections
 * made at once to a loop running a 4 ms step per iteration were accepted one every 4.5 ms; with three empty
 * iterations between steps, four at a time), so a burst of Slack requests on new connections would wait one CPU
 * step each. The empty iterations cost microseconds (a poll that does not wait).
 */
export const POLLS_PER_TURN = 8;

let breathing = 0;

function pump(): void {
  if (breathing > 0) {
    // An iteration without a step: the loop polls again (accepts one more connection, reads more requests).
    breathing--;
    setImmediate(pump);
    return;
  }
  const next = waiting.shift();
  if (next) next();
  breathing = POLLS_PER_TURN - 1;
  if (waiting.length > 0) setImmediate(pump);
  else {
    // Idle: the loop polls freely until the next step asks.
    pumping = false;
    breathing = 0;
  }
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
