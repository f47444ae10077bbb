import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/store/db.js";
import { CommitOutcomeUnknown, type GroupWriter, groupCommit, type Statement } from "../../src/store/group-commit.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const CLAIM = `INSERT INTO idempotency_keys ("key", scope, created_at, expires_at) VALUES (?, ?, ?, ?)
  ON CONFLICT ("key") DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at
  WHERE idempotency_keys.expires_at <= excluded.created_at`;
const AT = new Date("2026-11-15T10:00:00Z");
const LATER = new Date("2026-11-15T10:10:00Z");
const claim = (key: string): [string, string, Date, Date] => [key, "test", AT, LATER];

describe.each(await testProviders())("group commit of small writes on %s", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t.close());

  it("writes a burst in a few transactions, each caller getting its own row count, once committed", async () => {
    const db = t.app.db;
    const before = db.groupStats();
    // 200 claims submitted at once, 50 keys claimed twice: each key is won exactly once.
    const keys = Array.from({ length: 200 }, (_, i) => `burst-${i % 150}`);
    const changed = await Promise.all(keys.map((k) => db.executeGrouped(CLAIM, claim(k))));
    const won = new Map<string, number>();
    keys.forEach((k, i) => {
      won.set(k, (won.get(k) ?? 0) + (changed[i] ?? 0));
    });
    expect([...won.values()].every((n) => n === 1)).toBe(true);
    const after = db.groupStats();
    expect(after.statements - before.statements).toBe(200);
    // Grouped: far fewer transactions than statements.
    expect(after.commits - before.commits).toBeLessThan(20);
    // Committed when the promises resolved: a second connection (another replica) sees every row.
    const other = await openDb(t.database.url);
    try {
      const rows = await other.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM idempotency_keys WHERE \"key\" LIKE 'burst-%'",
      );
      expect(Number(rows[0]?.n)).toBe(150);
    } finally {
      await other.close();
    }
  });

  it("a statement that fails fails only its own caller; the rest of its group is stored", async () => {
    const db = t.app.db;
    const before = db.groupStats();
    const results = await Promise.allSettled([
      db.executeGrouped(CLAIM, claim("fine-1")),
      // NOT NULL violation: scope is required.
      db.executeGrouped(CLAIM, ["bad-1", null, AT, LATER]),
      db.executeGrouped(CLAIM, claim("fine-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(db.groupStats().fallbacks - before.fallbacks).toBe(1);
    const rows = await db.query<{ key: string }>(
      `SELECT "key" FROM idempotency_keys WHERE "key" IN ('fine-1', 'fine-2', 'bad-1') ORDER BY "key"`,
    );
    expect(rows.map((r) => r.key)).toEqual(["fine-1", "fine-2"]);
  });

  it("values that need quoting are stored exactly as a parameterized statement stores them", async () => {
    const db = t.app.db;
    await db.execute(
      "CREATE TABLE literal_check (tag TEXT, t TEXT, n INTEGER, f DOUBLE PRECISION, b BOOLEAN, d TIMESTAMP(3), x TEXT)",
    );
    const tricky = [
      'O\'Brien said "hi"',
      "back\\slash \\' and ''",
      "a ? and $1 and $$ and -- not a comment; DROP TABLE literal_check;",
      "ligne 1\nligne 2\t— é, 漢字, 🙂",
      "",
    ];
    const row = (tag: string, i: number) => [
      tag,
      tricky[i] ?? null,
      -42 + i,
      3.25 * i,
      i % 2 === 0,
      new Date(Date.UTC(2026, 2, 29, 1, 30 + i, 0, 125)),
      null,
    ];
    const sql = "INSERT INTO literal_check (tag, t, n, f, b, d, x) VALUES (?, ?, ?, ?, ?, ?, ?)";
    // Grouped (one round trip on PostgreSQL, the values written in) and one by one with parameters.
    await Promise.all(tricky.map((_, i) => db.executeGrouped(sql, row(`grouped-${i}`, i))));
    for (const i of tricky.keys()) await db.execute(sql, row(`param-${i}`, i));
    const read = async (prefix: string) =>
      (
        await db.query<Record<string, unknown>>(
          `SELECT t, n, f, b, d, x FROM literal_check WHERE tag LIKE '${prefix}-%' ORDER BY tag`,
        )
      ).map((r) => ({ ...r, t: r.t, b: Boolean(r.b), d: r.d instanceof Date ? r.d.getTime() : Number(r.d) }));
    const grouped = await read("grouped");
    expect(grouped).toHaveLength(tricky.length);
    expect(grouped).toEqual(await read("param"));
    expect(grouped.map((r) => r.t)).toEqual(tricky);
    expect(Number((await db.query<{ n: unknown }>("SELECT COUNT(*) AS n FROM literal_check"))[0]?.n)).toBe(10);
  });

  it("two replicas claiming the same keys at once: each key is won by exactly one of them", async () => {
    const a = await openDb(t.database.url);
    const b = await openDb(t.database.url);
    try {
      const keys = Array.from({ length: 60 }, (_, i) => `rep-${i}`);
      const [ra, rb] = await Promise.all([
        Promise.all(keys.map((k) => a.executeGrouped(CLAIM, claim(k)))),
        Promise.all(keys.map((k) => b.executeGrouped(CLAIM, claim(k)))),
      ]);
      expect(keys.map((_, i) => (ra[i] ?? 0) + (rb[i] ?? 0))).toEqual(keys.map(() => 1));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a group submitted while another transaction is open does not join it (not rolled back with it)", async () => {
    const db = t.app.db;
    let grouped: Promise<number> | undefined;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(CLAIM, claim("open-tx"));
        // Submitted from elsewhere while this transaction is open on the same connection (SQLite's one writer).
        grouped = db.executeGrouped(CLAIM, claim("beside-tx"));
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect(await grouped).toBe(1);
    const rows = await db.query<{ key: string }>(
      `SELECT "key" FROM idempotency_keys WHERE "key" IN ('open-tx', 'beside-tx') ORDER BY "key"`,
    );
    expect(rows.map((r) => r.key)).toEqual(["beside-tx"]);
  });

  it("inside a transaction a grouped write is part of it (rolled back with it)", async () => {
    const db = t.app.db;
    await expect(
      db.transaction(async (tx) => {
        await tx.executeGrouped(CLAIM, claim("in-tx"));
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    const rows = await db.query(`SELECT 1 FROM idempotency_keys WHERE "key" = 'in-tx'`);
    expect(rows).toHaveLength(0);
  });
});

describe("group commit: grouping", () => {
  /** A writer that records its groups and resolves each when told. */
  function recorder() {
    const groups: Statement[][] = [];
    const release: (() => void)[] = [];
    const writer: GroupWriter = {
      all: (statements) =>
        new Promise((resolve) => {
          groups.push([...statements]);
          release.push(() => resolve(statements.map(() => 1)));
        }),
      one: async () => 1,
    };
    return { groups, release, writer };
  }

  it("what arrives while a group is written becomes the next group; nobody is resolved before their commit", async () => {
    const r = recorder();
    const g = groupCommit(r.writer);
    let firstDone = false;
    const first = g.execute("A").then(() => {
      firstDone = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.groups).toHaveLength(1);
    const next = [g.execute("B"), g.execute("C"), g.execute("D")];
    await new Promise((resolve) => setImmediate(resolve));
    // B, C and D wait: the first group is still being written, and A is not resolved yet.
    expect(r.groups).toHaveLength(1);
    expect(firstDone).toBe(false);
    r.release[0]?.();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.groups.map((group) => group.map((s) => s.sql))).toEqual([["A"], ["B", "C", "D"]]);
    r.release[1]?.();
    expect(await Promise.all(next)).toEqual([1, 1, 1]);
  });

  it("a COMMIT that got no answer fails every statement of its group, none written again alone", async () => {
    let alone = 0;
    const lost = new CommitOutcomeUnknown(new Error("Connection terminated unexpectedly"));
    const g = groupCommit({
      all: async () => {
        throw lost;
      },
      one: async () => {
        alone++;
        return 0;
      },
    });
    const results = await Promise.allSettled([g.execute("A"), g.execute("B")]);
    expect(results).toEqual([
      { status: "rejected", reason: lost },
      { status: "rejected", reason: lost },
    ]);
    expect(alone).toBe(0);
    expect(g.stats().fallbacks).toBe(0);
  });
});
