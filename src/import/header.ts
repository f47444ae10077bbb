import { closest, distance } from "fastest-levenshtein";
import { KpibotError } from "../errors.js";

const normalize = (name: string) => name.trim().toLowerCase();

/**
 * Matches a file's header line against a family's canonical header (any order, case and
 * surrounding spaces ignored). Returns, for each canonical column, its position in the file (-1:
 * absent: an `optional` column, or any column with allowMissing).
 * Throws INPUT_INVALID naming the missing, unknown and repeated columns.
 */
export function matchHeader(
  found: readonly string[],
  expected: readonly string[],
  label: string,
  opts: { allowMissing?: boolean; optional?: readonly string[] } = {},
): number[] {
  const positions = new Map<string, number>();
  const repeated: string[] = [];
  found.forEach((raw, i) => {
    const name = normalize(raw);
    if (positions.has(name)) repeated.push(name);
    else positions.set(name, i);
  });
  const wanted = new Set(expected);
  // JSON records may leave out empty fields: their columns are read as empty cells (position -1).
  const optional = new Set(opts.optional ?? []);
  const missing = opts.allowMissing ? [] : expected.filter((c) => !positions.has(c) && !optional.has(c));
  const unknown = [...positions.keys()].filter((c) => !wanted.has(c));
  if (missing.length === 0 && unknown.length === 0 && repeated.length === 0) {
    return expected.map((c) => positions.get(c) ?? -1);
  }
  const lines = [`${label}: the header line does not match the expected columns.`];
  if (missing.length > 0) lines.push(`  missing column(s): ${missing.join(", ")}`);
  if (unknown.length > 0) {
    const described = unknown.map((c) => {
      const near = missing.length > 0 ? closest(c, missing) : undefined;
      const label = c === "" ? "(an empty column name)" : c;
      return near !== undefined && distance(c, near) <= 3 ? `${label} (did you mean ${near}?)` : label;
    });
    lines.push(`  unknown column(s): ${described.join(", ")}`);
  }
  if (repeated.length > 0) lines.push(`  repeated column(s): ${repeated.join(", ")}`);
  lines.push(`  expected: ${expected.join(",")}`);
  return fail(lines.join("\n"));
}

function fail(message: string): never {
  throw new KpibotError("INPUT_INVALID", message);
}
