import { parseArgs } from "node:util";
import type { Provider } from "../src/store/db.js";

// The load bench's flags (bench/load-main.ts): `npx tsx bench/load.ts [flags]` or `npm run bench -- --load [flags]`.

/** Sizes and switches of a load run. */
export interface LoadArgs {
  providers: Provider[];
  levels: number[];
  /** Slash commands per app and level. */
  commands: number;
  /** People answering the survey, per app and level. */
  people: number;
  /** Questions of the survey (1–3: csat, nps, yes/no). */
  questions: number;
  /** Demo tickets seeded into kpibot's database. */
  tickets: number;
  out: string;
}

/** Usage of the load bench's flags. */
export const LOAD_USAGE = `usage: npx tsx bench/load.ts [flags]   (or: npm run bench -- --load [flags])
  --only P          one database only (sqlite or postgresql)
  --levels A,B      concurrency levels (default 50,200)
  --commands N      slash commands per app and level (default 400)
  --people N        people answering the survey per app and level (default 2000)
  --questions N     survey questions, 1 to 3 (default 1)
  --tickets N       demo tickets in kpibot's database (default 20000, the demo's size)
  --out FILE        results file (default bench/load-results.json)`;

function whole(name: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Parses the load bench's flags (throws Error with a message on bad input). */
export function parseLoadArgs(argv: readonly string[]): LoadArgs | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: "string" },
      levels: { type: "string" },
      commands: { type: "string" },
      people: { type: "string" },
      questions: { type: "string" },
      tickets: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  if (values.only !== undefined && values.only !== "sqlite" && values.only !== "postgresql")
    throw new Error(`--only must be sqlite or postgresql, got "${values.only}"`);
  const levels = (values.levels ?? "50,200").split(",").map((v) => whole("--levels", v.trim(), 0, 1, 1000));
  return {
    providers: values.only ? [values.only] : ["sqlite", "postgresql"],
    levels,
    commands: whole("--commands", values.commands, 400, 1),
    people: whole("--people", values.people, 2000, 1),
    questions: whole("--questions", values.questions, 1, 1, 3),
    tickets: whole("--tickets", values.tickets, 20_000, 1, 20_000_000),
    out: values.out ?? "bench/load-results.json",
  };
}
