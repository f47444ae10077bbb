import { describe, expect, it } from "vitest";
import { coalescedReads, coalescedReadsByKey } from "../../src/store/coalesced-reads.js";

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

  it("by key: callers of one key share reads, other keys read on their own, an idle key reads anew", async () => {
    const started: string[] = [];
    const gates: (() => void)[] = [];
    const openAll = () => {
      for (const open of gates.splice(0)) open();
    };
    const shared = coalescedReadsByKey(
      (key: string) =>
        new Promise<string>((resolve) => {
          const n = started.push(key);
          gates.push(() => resolve(`${key}#${n}`));
        }),
    );
    const first = shared("a");
    // Two more callers of "a" while its read runs, and one of "b", which reads at once.
    const later = [shared("a"), shared("a")];
    const b = shared("b");
    expect(started).toEqual(["a", "b"]);
    openAll();
    expect(await first).toBe("a#1");
    expect(await b).toBe("b#2");
    await settle();
    // One more read of "a", shared by the two that came while the first ran.
    expect(started).toEqual(["a", "b", "a"]);
    openAll();
    expect(await Promise.all(later)).toEqual(["a#3", "a#3"]);
    await settle();
    // Nothing runs any more: the next call starts a read at once.
    const again = shared("a");
    expect(started).toHaveLength(4);
    openAll();
    expect(await again).toBe("a#4");
  });
});
