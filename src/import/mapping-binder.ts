import { KpibotError } from "../errors.js";
import { ticketDeriver } from "./derive.js";
import { readingText, zoneNamed } from "./local-time.js";
import { parseDecimal, readLocalTime } from "./local-values.js";
import { type Mapping, normalizeName } from "./mapping.js";

/** What the mapping layer must know of a family's fields to convert exported values. */
export interface FieldKinds {
  /**
   * Instants: converted with the mapping's date formats and zone to ISO-8601 UTC (a time at a clock
   * change as its local time and zone, `2026-10-25T02:06:00.000[Europe/Paris]`, for the family to settle).
   */
  dates?: readonly string[];
  /** Numbers: decimal commas and digit groups read (`1 234,56` → 1234.56). */
  numbers?: readonly string[];
  /** Booleans: yes/no, oui/non, 1/0 → true/false. */
  flags?: readonly string[];
  /** Fields a file without any column for them cannot be imported without (the header is refused). */
  required?: readonly string[];
  /** Extra fields a mapping may fill that only derivations read (e.g. reassignment_count). */
  helpers?: readonly string[];
}

/** Shapes one record of the export into canonical cells (the family's header order), or says why not. */
export type RecordShaper = (fields: readonly string[]) => { cells: string[] } | { reason: string };
/** Binds a mapping to a file's header line (throws INPUT_INVALID for a header it cannot use). */
export type HeaderBinder = (found: readonly string[], label: string) => RecordShaper;

const YES = new Set(["true", "yes", "oui", "1", "vrai", "y"]);
const NO = new Set(["false", "no", "non", "0", "faux", "n"]);

/**
 * Compiles a mapping for a family (its canonical header and field kinds). Unmapped source columns
 * are ignored; a canonical column present under its own name is used when nothing maps to the field.
 */
export function bindMapping(
  mapping: Mapping,
  header: readonly string[],
  kinds: FieldKinds,
  zone: string,
): HeaderBinder {
  const fields = [...header, ...(kinds.helpers ?? [])];
  const known = new Set(fields);
  const targets = [
    ...Object.values(mapping.columns),
    ...Object.keys(mapping.values),
    ...Object.keys(mapping.defaults),
    ...Object.keys(mapping.unmapped),
    ...mapping.compact,
  ];
  const bad = [...new Set(targets.filter((f) => !known.has(f)))];
  if (bad.length > 0)
    throw new KpibotError(
      "INPUT_INVALID",
      `the mapping names unknown field(s) ${bad.join(", ")} (fields: ${fields.join(", ")})`,
    );
  const tz = mapping.dates.timezone ?? zone;
  if (zoneNamed(tz) === null)
    throw new KpibotError(
      "INPUT_INVALID",
      `dates.timezone: unknown time zone "${tz}" (an IANA name such as Europe/Paris)`,
    );
  const formats = mapping.dates.formats;
  const dates = new Set(kinds.dates ?? []);
  const numbers = new Set(kinds.numbers ?? []);
  const flags = new Set(kinds.flags ?? []);
  const compact = new Set(mapping.compact);
  const valueMaps = new Map<string, Map<string, string>>();
  for (const [field, map] of Object.entries(mapping.values))
    valueMaps.set(field, new Map(Object.entries(map).map(([k, v]) => [normalizeName(k), String(v)])));
  const derive = ticketDeriver(mapping.derive);
  /** One field's final text from its raw cell: value map, then kind conversion. */
  const convert = (field: string, raw: string): string | { reason: string } => {
    let v = compact.has(field) ? raw.replace(/[\s\u00a0\u202f]/g, "") : raw.trim();
    if (v === "") return "";
    const map = valueMaps.get(field);
    if (map !== undefined) {
      const hit = map.get(normalizeName(v));
      if (hit !== undefined) v = hit;
      else if (mapping.unmapped[field] === "empty") return "";
    }
    if (dates.has(field)) {
      const r = readLocalTime(v, tz, formats);
      return typeof r === "string" ? { reason: `${field}: ${r}` } : readingText(r);
    }
    if (numbers.has(field)) {
      const n = parseDecimal(v);
      return n === null ? v : String(n);
    }
    if (flags.has(field)) {
      const f = v.toLowerCase();
      return YES.has(f) ? "true" : NO.has(f) ? "false" : v;
    }
    return v;
  };

  return (found, label) => {
    const names = found.map(normalizeName);
    const sources = new Map<string, number[]>(fields.map((f) => [f, []]));
    for (const [column, field] of Object.entries(mapping.columns)) {
      const i = names.indexOf(normalizeName(column));
      if (i >= 0 && !(sources.get(field) as number[]).includes(i)) (sources.get(field) as number[]).push(i);
    }
    const mappedColumns = new Set(Object.keys(mapping.columns).map(normalizeName));
    for (const f of fields) {
      const i = names.indexOf(f);
      if (i >= 0 && !mappedColumns.has(f) && (sources.get(f) as number[]).length === 0) sources.set(f, [i]);
    }
    const derived = new Set<string>([
      ...(mapping.derive.support_level ? ["support_level"] : []),
      ...(mapping.derive.first_contact_resolution ? ["first_contact_resolution"] : []),
    ]);
    const missing = (kinds.required ?? []).filter(
      (f) => (sources.get(f) as number[]).length === 0 && mapping.defaults[f] === undefined && !derived.has(f),
    );
    if (missing.length > 0) {
      const wanted = missing.map((f) => {
        const from = Object.entries(mapping.columns)
          .filter(([, t]) => t === f)
          .map(([c]) => c);
        return `${f} (a column named ${[f, ...from].map((c) => JSON.stringify(c)).join(" or ")})`;
      });
      throw new KpibotError("INPUT_INVALID", `${label}: no column gives ${wanted.join(", ")}`);
    }
    const plan = fields.map((f) => ({ field: f, from: sources.get(f) as number[], fallback: mapping.defaults[f] }));
    return (record) => {
      const row = new Map<string, string>();
      for (const p of plan) {
        let text = "";
        for (const i of p.from) {
          const c = convert(p.field, record[i] ?? "");
          if (typeof c !== "string") return c;
          if (c !== "") {
            text = c;
            break;
          }
        }
        if (text === "" && p.fallback !== undefined) text = String(p.fallback);
        row.set(p.field, text);
      }
      derive?.({ get: (f) => row.get(f) ?? "", set: (f, v) => row.set(f, v) });
      return { cells: header.map((f) => row.get(f) ?? "") };
    };
  };
}
