import { readFileSync } from "node:fs";
import { extname } from "node:path";
import iconv from "iconv-lite";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { KpibotError } from "../errors.js";
import { detectEncoding } from "./detect.js";

// A mapping turns an export's own columns and values into a family's canonical cells: it is data
// (YAML or JSON, or a built-in preset), compiled once per file by bindMapping (mapping-binder.ts).

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The mapping file format (see docs/imports.md, "Mapping files"). */
export const mappingSchema = z
  .object({
    /** Source column → canonical field (several columns may feed one field: the first non-empty cell wins). */
    columns: z.record(z.string(), z.string()).default({}),
    /** Field → { source value → canonical value } (compared without case, accents or surrounding spaces). */
    values: z.record(z.string(), z.record(z.string(), scalar)).default({}),
    /** Field → what a value missing from its value map becomes: "keep" (default; the validator decides) or "empty". */
    unmapped: z.record(z.string(), z.enum(["keep", "empty"])).default({}),
    /** Fields whose spaces are removed (GLPI's French export groups ID digits: `5 732 943`). */
    compact: z.array(z.string()).default([]),
    /** Field → value used when no column gives one (or the cell is empty). */
    defaults: z.record(z.string(), scalar).default({}),
    /** Date formats (luxon tokens) tried after the built-in ones, and the zone of local times. */
    dates: z
      .object({ formats: z.array(z.string()).default([]), timezone: z.string().optional() })
      .strict()
      .default({ formats: [] }),
    /** Ticket fields computed when the export has no such column. */
    derive: z
      .object({
        support_level: z
          .object({
            from: z.string().default("group"),
            rules: z.array(z.object({ match: z.string(), level: z.number().int().min(1).max(3) }).strict()).min(1),
          })
          .strict()
          .optional(),
        first_contact_resolution: z.enum(["no_reassignment", "no_escalation"]).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

/** A parsed mapping. */
export type Mapping = z.output<typeof mappingSchema>;
/** A mapping as written in a file. */
export type MappingInput = z.input<typeof mappingSchema>;

/** Validates mapping data (a file's content or a preset); INPUT_INVALID names the bad keys. */
export function parseMapping(data: unknown, label: string): Mapping {
  const r = mappingSchema.safeParse(data ?? {});
  if (r.success) return r.data;
  const why = r.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
  throw new KpibotError("INPUT_INVALID", `${label}: invalid mapping: ${why}`);
}

/**
 * Reads a mapping file: YAML (.yaml/.yml) or JSON (.json); other extensions are tried as YAML (a JSON superset).
 * UTF-8 (with or without BOM) or Windows-1252, detected.
 */
export function loadMappingFile(path: string): Mapping {
  let text: string;
  try {
    // Edited in Notepad or Excel next to a Windows-1252 export, a mapping may be in that encoding too.
    const bytes = readFileSync(path);
    text = iconv.decode(bytes, detectEncoding(bytes)).replace(/^\uFEFF/, "");
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `cannot read the mapping ${path}: ${(cause as Error).message}`, { cause });
  }
  let data: unknown;
  try {
    data = extname(path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new KpibotError("INPUT_INVALID", `${path} is not valid YAML/JSON: ${(cause as Error).message}`, { cause });
  }
  return parseMapping(data, path);
}

/** A preset extended by a user mapping: the user's columns, values, defaults and derivations win; date formats add up. */
export function mergeMappings(base: Mapping, over: Mapping): Mapping {
  const values: Mapping["values"] = { ...base.values };
  for (const [field, map] of Object.entries(over.values)) values[field] = { ...(values[field] ?? {}), ...map };
  return {
    columns: { ...base.columns, ...over.columns },
    values,
    unmapped: { ...base.unmapped, ...over.unmapped },
    compact: [...new Set([...base.compact, ...over.compact])],
    defaults: { ...base.defaults, ...over.defaults },
    dates: {
      formats: [...over.dates.formats, ...base.dates.formats],
      ...((over.dates.timezone ?? base.dates.timezone) === undefined
        ? {}
        : { timezone: over.dates.timezone ?? base.dates.timezone }),
    },
    derive: { ...base.derive, ...over.derive },
  };
}

/** How header names and mapped values are compared: trimmed, lower-case, without accents, ’ = '. */
export function normalizeName(s: string): string {
  return s
    .trim()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, " ")
    .toLowerCase();
}
