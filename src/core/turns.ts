// One event loop per thread acknowledges every chat request, and the same loop builds the answers. Answers arrive in
// bursts: fifty people waiting on one KPI query all resume in the same instant, and if each builds its reply at once
// (formatting, Block Kit, a chart), the loop is held for seconds while new requests wait unaccepted — Slack shows
// them an error at 3 s. Turns spread that work out: a CPU-heavy step first waits for its turn, and turns are given
// after the loop has polled for I/O — once per iteration after a short step, up to POLLS_PER_TURN iterations after a
// long one (MS_PER_POLL) — so new requests are accepted and acknowledged between any two steps. The work is done at
// the same pace; only its order changes (first come, first served).
//
// A turn is not a lock: a step that awaits I/O lets the next turn start at the next iteration. The queue belongs to
// the thread (its event loop), not to an App: two apps in one process share one loop.

const waiting: (() => void)[] = [];
let pumping = false;
let peak = 0;

/**
 * The most loop iterations between two turns. Node accepts one new connection per loop iteration (measured: 60
 * connections made at once to a loop running a 4 ms step per iteration were accepted one every 4.5 ms; with three
 * empty iterations between steps, four at a time), so a burst of Slack requests on new connections would wait one
 * CPU step each.
 */
export const POLLS_PER_TURN = 8;

/**
 * Of the previous step's time, how much earns one more loop iteration before the next turn: a 4 ms step (a KPI reply)
 * is followed by eight polls, a 0.3 ms one (a survey confirmation) by the one the loop makes anyway. Empty iterations
 * are not free (each is a poll and a pass through the loop's phases): a burst of short steps, each followed by eight,
 * spent more CPU polling than working.
 */
export const MS_PER_POLL = 0.5;

/**
 * The most loop iterations in a row without a turn while requests keep arriving. Accepting and acknowledging a
 * request costs a fraction of a millisecond, a step several: while each iteration brings new requests (a burst of
 * two hundred slash commands), the loop keeps polling and acknowledging before it builds the next answer — acks
 * first, the answers a little later — but never more than this many iterations in a row, so answers keep coming
 * under a flood.
 */
export const POLLS_WHILE_ARRIVING = 32;

/** Requests received since the pump last looked (noteArrival). */
let arrivals = 0;
/** Iterations given to arriving requests since the last turn. */
let arrivingPolls = 0;

/**
 * Called for each request received — by the HTTP server (src/http/server.ts) and Slack's Socket Mode receiver — see
 * POLLS_WHILE_ARRIVING.
 */
export function noteArrival(): void {
  arrivals++;
}

let breathing = 0;
/** When the last turn was given (performance.now()), until the next pump measures how long it took; 0 = none. */
let grantedAt = 0;

function pump(): void {
  // Whether the loop iteration that just ran brought requests.
  const arrived = arrivals > 0;
  arrivals = 0;
  if (grantedAt > 0) {
    // The last step ran right after the previous pump (its microtasks), then the loop made one pass: the time since
    // the turn was given is the step and that pass's I/O work. Counting the I/O errs towards more polls, never fewer,
    // and an iteration that has I/O to do is not an empty one: polls cost CPU for nothing only when they find nothing.
    const ms = performance.now() - grantedAt;
    grantedAt = 0;
    breathing = Math.min(POLLS_PER_TURN, Math.floor(ms / MS_PER_POLL)) - 1;
  }
  if (breathing > 0) {
    // An iteration without a step: the loop polls again (accepts one more connection, reads more requests).
    breathing--;
    setImmediate(pump);
    return;
  }
  if (arrived && arrivingPolls < POLLS_WHILE_ARRIVING && waiting.length > 0) {
    // The last iteration brought requests: poll once more before the next step, more may be coming in.
    arrivingPolls++;
    setImmediate(pump);
    return;
  }
  arrivingPolls = 0;
  const next = waiting.shift();
  if (next) {
    grantedAt = performance.now();
    next();
  }
  release();
  if (waiting.length > 0 || held.length > 0) setImmediate(pump);
  else {
    // Idle: the loop polls freely until the next step asks.
    pumping = false;
    breathing = 0;
    grantedAt = 0;
  }
}

/** Starts giving turns (and letting held work go) at the next loop iteration, unless it is already under way. */
function startPumping(): void {
  if (pumping) return;
  pumping = true;
  setImmediate(pump);
}

/**
 * Resolves at this thread's next free turn: call it right before a step that keeps the CPU busy for milliseconds
 * (building a reply, rendering it for a platform, drawing a chart).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (waiting.length > peak) peak = waiting.length;
    startPumping();
  });
}

/** Work held back by turnIfBacklogged until the queue of steps is short again, with the backlog it waits below. */
const held: { resolve: () => void; below: number }[] = [];

/** Held work let go at once when the queue has shrunk (together: a survey click's writes then share one commit). */
export const RELEASED_AT_ONCE = 32;

/**
 * Goes on at once while fewer than `backlog` steps wait for a turn; else is held until the queue is down to half of
 * it, and let go with the others held (RELEASED_AT_ONCE at a time). For work that is light enough to run as it
 * arrives but makes a heavier step later (a survey click, stored at once, then confirmed in a turn): under a
 * sustained burst the light part would otherwise run ahead of the heavy one without bound — every click
 * acknowledged, its confirmation seconds behind in the queue. Let go together, not one per turn, so that what they
 * write still goes in few transactions (the group commit groups what arrives in the same loop iteration).
 */
export function turnIfBacklogged(backlog: number): Promise<void> {
  if (waiting.length < backlog && held.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    held.push({ resolve, below: Math.floor(backlog / 2) });
    startPumping();
  });
}

/** Lets held work go once the queue of steps is down to what it waits for. */
function release(): void {
  let n = 0;
  while (n < RELEASED_AT_ONCE && held.length > 0 && waiting.length <= (held[0]?.below ?? 0)) {
    held.shift()?.resolve();
    n++;
  }
}

/** The most steps that waited for their turn at once since the last call (for /metrics and the queue warning). */
export function takeTurnsPeak(): number {
  const seen = peak;
  peak = waiting.length;
  return seen;
}
