import { describe, expect, it } from "vitest";
import { nextTurn, POLLS_PER_TURN } from "../../src/core/turns.js";

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

  it(`leaves ${POLLS_PER_TURN} loop iterations between two steps (Node accepts one new connection per iteration)`, async () => {
    let iterations = 0;
    let ticking = true;
    const tick = () => {
      iterations++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const at: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        nextTurn().then(() => {
          at.push(iterations);
        }),
      ),
    );
    ticking = false;
    const gaps = at.slice(1).map((n, i) => n - (at[i] as number));
    expect(gaps.every((g) => g >= POLLS_PER_TURN)).toBe(true);
  });
});
