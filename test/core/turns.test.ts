import { describe, expect, it } from "vitest";
import {
  MS_PER_POLL,
  nextTurn,
  noteArrival,
  POLLS_PER_TURN,
  POLLS_WHILE_ARRIVING,
  turnIfBacklogged,
} from "../../src/core/turns.js";

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Holding the thread, as building a reply or drawing a chart does.
  }
}

describe("turns for CPU steps", () => {
  it("gives turns in order, one per loop iteration: a due timer (new requests) runs between two steps", async () => {
    const log: string[] = [];
    const steps = [1, 2, 3].map((i) =>
      nextTurn().then(() => {
        log.push(`step ${i}`);
        // Due as soon as this step ends: the next loop iteration runs it before the next step.
        if (i === 1) setTimeout(() => log.push("timer"), 1);
        busy(5);
      }),
    );
    await Promise.all(steps);
    expect(log.slice(0, 3)).toEqual(["step 1", "timer", "step 2"]);
    expect(log.indexOf("step 3")).toBe(3);
  });

  it("without turns, the same steps would hold the loop until all are done (the test can tell)", async () => {
    const log: string[] = [];
    const steps = [1, 2, 3].map((i) =>
      Promise.resolve().then(() => {
        log.push(`step ${i}`);
        if (i === 1) setTimeout(() => log.push("timer"), 1);
        busy(5);
      }),
    );
    await Promise.all(steps);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log).toEqual(["step 1", "step 2", "step 3", "timer"]);
  });

  /** The loop iteration at which each of `count` steps of `ms` milliseconds got its turn. */
  async function iterationsOfTurns(count: number, ms: number): Promise<number[]> {
    let iterations = 0;
    let ticking = true;
    const tick = () => {
      iterations++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const at: number[] = [];
    await Promise.all(
      Array.from({ length: count }, () =>
        nextTurn().then(() => {
          at.push(iterations);
          busy(ms);
        }),
      ),
    );
    ticking = false;
    return at.slice(1).map((n, i) => n - (at[i] as number));
  }

  it(`leaves ${POLLS_PER_TURN} loop iterations after a long step (Node accepts one new connection per iteration)`, async () => {
    const gaps = await iterationsOfTurns(4, POLLS_PER_TURN * MS_PER_POLL + 1);
    expect(gaps.every((g) => g >= POLLS_PER_TURN)).toBe(true);
  });

  it("leaves one loop iteration per MS_PER_POLL of the step before: short steps are not held behind empty polls", async () => {
    const short = await iterationsOfTurns(21, 0);
    expect(short.every((g) => g >= 1)).toBe(true);
    // Most, not all: on a loaded machine the thread may be descheduled for milliseconds between two turns, and that
    // time counts as the step's (towards more polls, never fewer). A fixed POLLS_PER_TURN would make every gap 8.
    expect(short.filter((g) => g < POLLS_PER_TURN).length).toBeGreaterThan(short.length / 2);
    const middle = await iterationsOfTurns(4, 4 * MS_PER_POLL + 0.2);
    expect(middle.every((g) => g >= 4)).toBe(true);
  });

  it(`while requests keep arriving, the loop polls up to ${POLLS_WHILE_ARRIVING} iterations before the next turn, then gives it`, async () => {
    let iterations = 0;
    let ticking = true;
    const tick = () => {
      iterations++;
      // A request received in every iteration (a burst of slash commands).
      noteArrival();
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const at: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => nextTurn().then(() => at.push(iterations))));
    ticking = false;
    const gaps = at.slice(1).map((n, i) => n - (at[i] as number));
    // Acknowledgements first: a short step waits for the arrivals...
    expect(gaps.every((g) => g >= POLLS_WHILE_ARRIVING)).toBe(true);
    // ...but is not starved by them.
    expect(gaps.every((g) => g <= POLLS_WHILE_ARRIVING + POLLS_PER_TURN + 2)).toBe(true);
    // Once nothing arrives, short steps go one per iteration or so again.
    await new Promise((resolve) => setImmediate(resolve));
    const quiet = await iterationsOfTurns(11, 0);
    expect(quiet.filter((g) => g < POLLS_PER_TURN).length).toBeGreaterThan(quiet.length / 2);
  });

  it("turnIfBacklogged goes on at once below the backlog; from it, waits until the queue is down to half, then goes with the others held", async () => {
    const log: string[] = [];
    const queued = (n: number) => Array.from({ length: n }, (_, i) => nextTurn().then(() => log.push(`step ${i}`)));
    const few = queued(3);
    await turnIfBacklogged(4).then(() => log.push("light"));
    expect(log[0]).toBe("light");
    await Promise.all(few);
    log.length = 0;
    const many = queued(4);
    const lights = ["a", "b", "c"].map((x) => turnIfBacklogged(4).then(() => log.push(`light ${x}`)));
    await Promise.all([...many, ...lights]);
    // Held while 4, then 3 steps waited; let go together once 2 were left, in the order they came.
    expect(log).toEqual(["step 0", "step 1", "light a", "light b", "light c", "step 2", "step 3"]);
  });
});
