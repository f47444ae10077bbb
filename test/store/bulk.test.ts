import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertRows, insertRowsFast } from "../../src/store/bulk.js";
import type { SqlParam } from "../../src/store/db.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";

const COLUMNS = ["source", "external_id", "kind", "title", "priority", "opened_at", "sla_met", "automated"];
// Text the driver must quote inside an array literal: quotes, backslashes, braces, commas, NULL-looking words,
// newlines, accents and emoji; instants with milliseconds; every nullable column empty once.
const TRICKY = [
  'a "quoted" title',
  "back\\slash {brace}, comma",
  "NULL",
  "",
  "ligne 1\nligne 2 — é à ç 🚀",
  "  spaces around  ",
];
const rows = (from: number): SqlParam[][] =>
  TRICKY.map((title, i) => [
    "t",
    `K-${from + i}`,
    i % 2 ? "request" : "incident",
    i === 3 ? null : title,
    i === 2 ? null : i + 1,
    new Date(Date.UTC(2026, 9, 25, 0, 30, 0, 123 + i)),
    i === 0 ? null : i % 2 === 0,
    i === 1,
  ]);

describe.each(await testProviders())("bulk writes on %s", (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => t.close());

  const stored = async (prefix: string) =>
    (
      await t.app.db.query<Record<string, unknown>>(
        `SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM tickets WHERE external_id LIKE ? ORDER BY id`,
        [`${prefix}%`],
      )
    ).map(
      (r): Record<string, unknown> => ({
        ...r,
        opened_at:
          r.opened_at instanceof Date ? r.opened_at.toISOString() : new Date(Number(r.opened_at)).toISOString(),
        sla_met: r.sla_met === null ? null : Boolean(r.sla_met),
        automated: Boolean(r.automated),
      }),
    );

  it("insertRowsFast stores exactly what insertRows stores (text, nulls, instants to the millisecond, booleans)", async () => {
    await insertRows(t.app.db, "tickets", COLUMNS, rows(0));
    const fast = rows(100).map((r) => r.map((v, i) => (i === 1 ? `F${String(v)}` : v)));
    expect(await insertRowsFast(t.app.db, "tickets", COLUMNS, fast)).toBe(TRICKY.length);
    const slow = await stored("K-");
    expect(slow.map((r) => r.title)).toEqual(TRICKY.map((s, i) => (i === 3 ? null : s)));
    expect(slow[0]?.opened_at).toBe("2026-10-25T00:30:00.123Z");
    const quick = await stored("FK-");
    expect(quick.map(({ external_id: _, ...r }) => r)).toEqual(slow.map(({ external_id: _, ...r }) => r));
  });

  it("insertRowsFast upserts on the natural key (ON CONFLICT … DO UPDATE)", async () => {
    const changed = rows(200).map((r) => [...r.slice(0, 3), `v2 ${String(r[3])}`, ...r.slice(4)]);
    await insertRowsFast(t.app.db, "tickets", COLUMNS, rows(200));
    await insertRowsFast(t.app.db, "tickets", COLUMNS, changed, {
      kind: "update",
      key: ["source", "external_id"],
      columns: ["title"],
    });
    const after = await stored("K-20");
    expect(after).toHaveLength(TRICKY.length);
    expect(after.map((r) => r.title)).toEqual(TRICKY.map((s, i) => `v2 ${i === 3 ? "null" : s}`));
  });

  it("names a column the table does not have", async () => {
    const error = await insertRowsFast(t.app.db, "tickets", ["source", "nope"], [["t", 1]]).catch((e: unknown) => e);
    expect(String(error)).toMatch(provider === "postgresql" ? /no column "nope"/ : /nope/);
  });
});
