import { closeSync, openSync, writeSync } from "node:fs";
import { TICKET_HEADER } from "../src/import/tickets.js";
import { demoPeople, population } from "../src/seed/adherence.js";
import { buildCalendar } from "../src/seed/calendar.js";
import { SEED_DEFAULTS } from "../src/seed/index.js";
import { forkRng } from "../src/seed/random.js";
import { TICKET_COLUMNS, ticketBatches } from "../src/seed/tickets.js";
import type { Cell } from "../src/store/bulk-columns.js";
import { DATASET } from "./setup.js";

/** Aggregates of the generated file, compared with what each database holds after loading it. */
export interface TicketFileFacts {
  tickets: number;
  bytes: number;
  resolved: number;
  prioritySum: number;
}

// The seeder's column names where the canonical header says otherwise (GROUP is SQL).
const SEED_NAME: Record<string, string> = { group: "group_name" };

/** RFC 4180 quoting when the text needs it. */
function csvText(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Writes a canonical ticket CSV of `tickets` rows: the demo seeder's tickets (the KPI bench's data
 * set: 24 months, seed 1), each row built by header column name from the seeder's row, so a column
 * the header gains later stays empty. Instants in ISO-8601 UTC, booleans as true/false.
 */
export function writeTicketCsv(path: string, tickets: number, log: (line: string) => void): TicketFileFacts {
  const calendar = buildCalendar(DATASET.now, DATASET.months, DATASET.timezone);
  // Same organisation size as seedDemo gives this many tickets (the requesters' names).
  const perMonth = SEED_DEFAULTS.tickets / SEED_DEFAULTS.months;
  const scale = Math.min(1000, Math.max(0.25, tickets / DATASET.months / perMonth));
  const people = demoPeople(population({ calendar, seed: DATASET.seed, scale, currency: "EUR" }, 1));
  const index = new Map(TICKET_COLUMNS.map((c, i) => [c.name, i]));
  const columns = TICKET_HEADER.map((name) => {
    const i = index.get(SEED_NAME[name] ?? name);
    return { i, instant: i !== undefined && TICKET_COLUMNS[i]?.type === "instant" };
  });
  const resolvedAt = index.get("resolved_at") as number;
  const priority = index.get("priority") as number;
  const cell = (row: readonly Cell[], c: { i: number | undefined; instant: boolean }): string => {
    const v = c.i === undefined ? null : row[c.i];
    if (v === null || v === undefined) return "";
    if (c.instant) return new Date(v as number).toISOString();
    return typeof v === "string" ? csvText(v) : String(v);
  };

  const facts: TicketFileFacts = { tickets: 0, bytes: 0, resolved: 0, prioritySum: 0 };
  const fd = openSync(path, "w");
  try {
    const write = (text: string) => {
      facts.bytes += writeSync(fd, text);
    };
    write(`${TICKET_HEADER.join(",")}\n`);
    let next = 10;
    const plan = { calendar, total: tickets, people };
    for (const batch of ticketBatches(plan, forkRng(DATASET.seed, "tickets"), 10_000)) {
      let text = "";
      for (const row of batch) {
        text += `${columns.map((c) => cell(row, c)).join(",")}\n`;
        if (row[resolvedAt] !== null) facts.resolved++;
        facts.prioritySum += (row[priority] as number | null) ?? 0;
      }
      write(text);
      facts.tickets += batch.length;
      while ((100 * facts.tickets) / tickets >= next) {
        log(`  generated ${facts.tickets.toLocaleString("en-US")} tickets (${next}%)`);
        next += 10;
      }
    }
  } finally {
    closeSync(fd);
  }
  return facts;
}
