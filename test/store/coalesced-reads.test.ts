import { describe, expect, it } from "vitest";
import { coalescedReads } from "../../src/store/coalesced-reads.js";

/** A read whose calls are counted and resolved by hand, each with the "database state" at its start. */
function controlledRead() {
  let state = 0;
  const calls: { startedWith: number; resolve: () => void }[] = [];
  const read = () =>
    new Promise<number>((resolve) => {
      const startedWith = state;
      calls.push({ startedWith, resolve: () => resolve(startedWith) });
    });
  return {
    calls,
    read,
    write: () => {
      state++;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("coalesced reads", () => {
  it("callers arriving during a read share the next one, never the read that started before them", async () => {
    const c = controlledRead();
    const shared = coalescedReads(c.read);
    const first = shared();
    // A write commits after the first read started; three callers arrive after it.
    c.write();
    const later = [shared(), shared(), shared()];
    expect(c.calls).toHaveLength(1);
    c.calls[0]?.resolve();
    expect(await first).toBe(0);
    await settle();
    // One more read for the three of them, started after they arrived: it sees the write.
    expect(c.calls).toHaveLength(2);
    c.calls[1]?.resolve();
    expect(await Promise.all(later)).toEqual([1, 1, 1]);
  });

  it("a failed read fails its callers only; the queued callers get a new read", async () => {
    let n = 0;
    const shared = coalescedReads(async () => {
      n++;
      if (n === 1) throw new Error("connection reset");
      return n;
    });
    const first = shared();
    const second = shared();
    await expect(first).rejects.toThrow("connection reset");
    expect(await second).toBe(2);
    expect(await shared()).toBe(3);
  });
});
