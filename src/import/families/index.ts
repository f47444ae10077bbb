import { KpibotError } from "../../errors.js";
import { type Mapping, mergeMappings } from "../mapping.js";
import { bindMapping, type FieldKinds } from "../mapping-binder.js";
import { runImport } from "../pipeline.js";
import { type PresetName, presetMapping } from "../presets.js";
import { ticketFamilyIn } from "../tickets.js";
import type { ImportFamily, ImportInput, ImportOptions, ImportSummary, ImportTarget } from "../types.js";
import { changeFamily, portalFamily } from "./activity.js";
import type { FamilyContext } from "./define.js";
import { assetFamily, costFamily } from "./finance.js";
import { shadowItFamily, staffFamily, timeFamily } from "./organisation.js";

/** Families `kpibot import <family>` knows besides survey-answers (which creates surveys too). */
export const TABLE_FAMILIES = [
  "tickets",
  "costs",
  "assets",
  "staff",
  "time",
  "portal",
  "changes",
  "shadow-it",
] as const;
/** One of TABLE_FAMILIES. */
export type TableFamilyName = (typeof TABLE_FAMILIES)[number];

/** How a mapping converts each family's fields (dates, numbers, booleans) and which it cannot do without. */
export const FIELD_KINDS: Record<TableFamilyName, FieldKinds> = {
  tickets: {
    dates: ["opened_at", "first_response_at", "resolved_at", "closed_at", "response_due_at", "resolution_due_at"],
    numbers: ["priority", "support_level", "reopen_count", "reassignment_count"],
    flags: ["sla_met", "first_contact_resolution", "automated"],
    required: ["external_id", "opened_at"],
    helpers: ["reassignment_count"],
  },
  costs: {
    dates: ["period_start", "period_end"],
    numbers: ["actual", "budget"],
    required: ["period_start", "category", "actual"],
  },
  assets: { dates: ["date"], numbers: ["count"], required: ["asset_type", "date", "count"] },
  staff: {
    dates: ["date"],
    numbers: ["fte", "service_management_fte"],
    flags: ["service_desk"],
    required: ["team", "date", "fte", "service_management_fte"],
  },
  time: { dates: ["date"], numbers: ["hours"], required: ["team", "date", "activity", "hours"] },
  portal: {
    dates: ["date"],
    numbers: ["users", "sessions", "mobile_sessions", "population"],
    required: ["date", "granularity", "users", "sessions", "mobile_sessions", "population"],
  },
  changes: { dates: ["deployed_at"], required: ["external_id", "kind", "deployed_at", "outcome"] },
  "shadow-it": {
    dates: ["discovered_at", "resolved_at"],
    numbers: ["yearly_cost_avoided"],
    required: ["external_id", "name", "discovered_at", "status"],
  },
};

/** The import family of a name; local dates and times are read in `ctx.timezone`. */
export function familyFor(name: TableFamilyName, ctx: FamilyContext): ImportFamily<unknown> {
  const build: Record<TableFamilyName, () => ImportFamily<unknown>> = {
    tickets: () => ticketFamilyIn(ctx.timezone) as ImportFamily<unknown>,
    costs: () => costFamily(ctx) as ImportFamily<unknown>,
    assets: () => assetFamily(ctx) as ImportFamily<unknown>,
    staff: () => staffFamily(ctx) as ImportFamily<unknown>,
    time: () => timeFamily(ctx) as ImportFamily<unknown>,
    portal: () => portalFamily(ctx) as ImportFamily<unknown>,
    changes: () => changeFamily(ctx) as ImportFamily<unknown>,
    "shadow-it": () => shadowItFamily(ctx) as ImportFamily<unknown>,
  };
  return build[name]();
}

/** A preset and/or a mapping file's content, for one family. */
export interface MappingChoice {
  preset?: PresetName;
  mapping?: Mapping;
}

/** Compiles the preset (tickets only) merged with a user mapping into the pipeline's `mapped` option. */
export function compileMapping(
  name: TableFamilyName,
  header: readonly string[],
  choice: MappingChoice,
  timezone: string,
): ImportOptions["mapped"] {
  if (choice.preset === undefined && choice.mapping === undefined) return undefined;
  if (choice.preset !== undefined && name !== "tickets")
    throw new KpibotError("INPUT_INVALID", `--preset ${choice.preset} maps ticket exports; it cannot import ${name}`);
  const base = choice.preset === undefined ? undefined : presetMapping(choice.preset);
  const mapping = base && choice.mapping ? mergeMappings(base, choice.mapping) : (choice.mapping ?? (base as Mapping));
  return { bind: bindMapping(mapping, header, FIELD_KINDS[name], timezone), columns: Object.keys(mapping.columns) };
}

/** Options of `importFamily`. */
export interface FamilyImportOptions extends ImportOptions, MappingChoice {
  /** Zone of dates without one (KPIBOT_TIMEZONE). */
  timezone: string;
}

/** Imports a file (or stream) of one family, through a preset/mapping when given. */
export async function importFamily(
  target: ImportTarget,
  name: TableFamilyName,
  input: ImportInput,
  opts: FamilyImportOptions,
): Promise<ImportSummary> {
  const { preset, mapping, timezone, ...rest } = opts;
  const family = familyFor(name, { timezone });
  const mapped = compileMapping(name, family.header, { preset, mapping }, timezone);
  return runImport(target, family, input, { ...rest, ...(mapped ? { mapped } : {}) });
}
