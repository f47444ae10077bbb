import type { DemoContext, TableRows } from "./context.js";
import { forkRng, normalish } from "./random.js";
import { asciiSlug, EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES } from "./vocabulary.js";

/** Employees of the default-size organisation (the portal's population). */
export const BASE_POPULATION = 2400;

/** The organisation's population at a point of the range (slow growth). */
export function population(ctx: DemoContext, progress: number): number {
  return Math.round(BASE_POPULATION * ctx.scale * (1 + 0.04 * progress));
}

/** Employees' display names and e-mails (the ticket requesters), unique and deterministic. */
export function demoPeople(count: number): { names: string[]; emails: string[] } {
  const names: string[] = [];
  const emails: string[] = [];
  const combos = FIRST_NAMES.length * LAST_NAMES.length;
  for (let i = 0; i < count; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    // Walk the last names at another pace so neighbours do not share a family name.
    const last = LAST_NAMES[(Math.floor(i / FIRST_NAMES.length) + i) % LAST_NAMES.length] as string;
    const homonym = Math.floor(i / combos);
    names.push(homonym === 0 ? `${first} ${last}` : `${first} ${last} (${homonym + 1})`);
    emails.push(`${asciiSlug(first)}.${asciiSlug(last)}${homonym === 0 ? "" : homonym + 1}@${EMAIL_DOMAIN}`);
  }
  return { names, emails };
}

/** Monthly self-service portal usage: adoption rises from ~42 % to ~64 %, mobile sessions from ~10 % to ~24 %. */
export function demoPortalUsage(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "portal");
  const rows: TableRows["rows"] = [];
  for (const m of ctx.calendar.months) {
    const t = m.progress;
    const pop = population(ctx, t);
    const season = m.month === 8 ? 0.7 : m.month === 12 ? 0.9 : 1;
    const adoption = Math.min(0.95, (0.42 + 0.22 * t) * season * normalish(rng, 1, 0.03));
    // The current month is under way: fewer distinct users and sessions so far.
    const users = Math.round(pop * adoption * Math.sqrt(m.elapsed));
    const sessions = Math.round(users * normalish(rng, 2.9, 0.2) * Math.sqrt(m.elapsed));
    const mobile = Math.round(sessions * Math.min(0.9, (0.1 + 0.14 * t) * normalish(rng, 1, 0.05)));
    rows.push([m.start, "month", users, sessions, mobile, pop]);
  }
  return {
    table: "portal_usage",
    columns: [
      { name: "date", type: "instant" },
      { name: "granularity", type: "text" },
      { name: "users", type: "int" },
      { name: "sessions", type: "int" },
      { name: "mobile_sessions", type: "int" },
      { name: "population", type: "int" },
    ],
    rows,
  };
}
