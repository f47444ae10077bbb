import { offsetText, type Reading, type WallTime, wallText } from "./local-time.js";
import type { RowNote } from "./types.js";

// A row's instants must be in order (a ticket's opened ≤ first response ≤ resolved ≤ closed). A local
// time in the hour repeated when clocks go back names two instants, and only the row can tell which
// one its writer lived through: 02:19 opened then 02:06 first response on 25 October 2026 in Paris is
// the first 02:19 (+02:00) and the second 02:06 (+01:00). So a cell keeps both readings (ClockChange)
// and the row picks the combination that keeps its order.

/** A cell's time at a clock change (in the repeated hour, two readings; in the skipped hour, one, marked). */
export class ClockChange {
  constructor(readonly reading: Reading) {}
}

/** Two fields whose instants must be in order: `after` not before `before` (either may be empty). */
export interface OrderRule {
  before: string;
  after: string;
}

/** How the row's clock-change times were settled. */
export interface Settled {
  /** "field: message" for each rule the row breaks in every reading (empty: the row is in order). */
  problems: string[];
  /** Set when a reading needed a word in the import summary. */
  note?: RowNote;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The rules a row breaks, as "field: message" (only instants that are Dates are compared). */
function broken(values: Record<string, unknown>, rules: readonly OrderRule[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    const a = values[r.before];
    const b = values[r.after];
    if (a instanceof Date && b instanceof Date && b < a)
      out.push(`${r.after}: ${b.toISOString()} is before ${r.before} ${a.toISOString()}`);
  }
  return out;
}

const brokenCount = (values: Record<string, unknown>, rules: readonly OrderRule[]) => {
  let n = 0;
  for (const r of rules) {
    const a = values[r.before];
    const b = values[r.after];
    if (a instanceof Date && b instanceof Date && b < a) n++;
  }
  return n;
};

/**
 * Replaces each ClockChange among `values` by a Date and checks the row's order. `rules` must hold
 * (a row that breaks one in every reading is refused); `preferred` are kept when some reading can
 * (a ticket's first response before its resolution). Among the readings that keep the order, each
 * time takes its first pass unless the order needs the second, fields earlier in `fields` settled
 * first: when both readings fit, the earlier one is taken. A skipped-hour time has one reading (the
 * offset before the change) and is only noted. Mutates `values`.
 */
export function settleClockChanges(
  values: Record<string, unknown>,
  fields: readonly string[],
  rules: readonly OrderRule[],
  preferred: readonly OrderRule[] = [],
): Settled {
  const twofold: { field: string; at: number; later: number; wall: WallTime; zone: string }[] = [];
  const skipped: string[] = [];
  for (const field of fields) {
    const v = values[field];
    if (!(v instanceof ClockChange)) continue;
    const { at, later, local } = v.reading;
    values[field] = new Date(at);
    if (local === undefined) continue;
    if (later !== undefined) twofold.push({ field, at, later, ...local });
    else
      skipped.push(
        `${field} ${wallText(local.wall)} does not exist in ${local.zone} (the clocks went forward): read at the offset before the change (${offsetText(local.wall, at)}, ${iso(at)})`,
      );
  }
  const noted = (moved: string[]): Settled =>
    moved.length === 0 && skipped.length === 0
      ? { problems: [] }
      : {
          problems: [],
          note: {
            repeatedHour: moved.length > 0,
            skippedHour: skipped.length > 0,
            reason: [...moved, ...skipped].join("; "),
          },
        };
  if (twofold.length === 0) {
    const problems = broken(values, rules);
    return problems.length > 0 ? { problems } : noted([]);
  }
  // Every combination, the first field's reading most significant, first pass (bit 0) before second:
  // the first combination that fits takes the earlier reading wherever the order allows it.
  const k = twofold.length;
  const second = (mask: number, i: number) => ((mask >> (k - 1 - i)) & 1) === 1;
  const apply = (mask: number) => {
    twofold.forEach((t, i) => {
      values[t.field] = new Date(second(mask, i) ? t.later : t.at);
    });
  };
  let chosen = -1;
  let fallback = -1;
  for (let mask = 0; mask < 1 << k && chosen < 0; mask++) {
    apply(mask);
    if (brokenCount(values, rules) > 0) continue;
    if (fallback < 0) fallback = mask;
    if (brokenCount(values, preferred) === 0) chosen = mask;
  }
  if (chosen < 0) chosen = fallback;
  if (chosen < 0) {
    apply(0);
    const readings = twofold.map(
      (t) =>
        `${t.field} ${wallText(t.wall)} is ${iso(t.at)} (${offsetText(t.wall, t.at)}) or ${iso(t.later)} (${offsetText(t.wall, t.later)})`,
    );
    return {
      problems: [
        ...broken(values, rules),
        `no reading of the hour repeated when the clocks went back in ${twofold[0]?.zone} puts these times in order: ${readings.join(", ")}`,
      ],
    };
  }
  apply(chosen);
  return noted(
    twofold
      .filter((_, i) => second(chosen, i))
      .map(
        (t) =>
          `${t.field} ${wallText(t.wall)} read as its second occurrence in ${t.zone} (${offsetText(t.wall, t.later)}, ${iso(t.later)}): the first breaks the row's order`,
      ),
  );
}
