import { z } from "zod";
import { DIMENSIONS, type Dimension } from "../kpi/types.js";

const dimension = z.enum(DIMENSIONS as [Dimension, ...Dimension[]]);
const phrase = z.string().min(1).max(300);
const kpiId = z.string().min(1).max(64);

/** A `for <dimension>=<value>` filter as parsed. */
export const filterSchema = z.object({ dimension, value: z.string().min(1).max(300) });

/** A chat user named in a command: `<@U123>`, `slack:U123`, `U123`. */
export const userArgSchema = z.string().min(1).max(200);

/**
 * Every command of the language, validated. Periods stay phrases here ("last month"):
 * they become instants only against a clock and a time zone (see resolve.ts).
 */
export const commandSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("kpi"),
    kpi: kpiId,
    period: phrase.optional(),
    compareTo: phrase.optional(),
    breakdown: dimension.optional(),
    filters: z.array(filterSchema).max(10),
    share: z.boolean(),
    /** `tickets`: list the tickets behind the number; `export`: all of them as a CSV file. */
    rows: z.enum(["list", "export"]).optional(),
  }),
  z.object({ type: z.literal("list") }),
  z.object({
    type: z.literal("help"),
    kpi: kpiId.optional(),
    /** A command word (`target`, `objectif`, `digest`…) to explain instead of the general help. */
    verb: z.string().max(40).optional(),
  }),
  z.object({ type: z.literal("explain"), kpi: kpiId }),
  z.object({ type: z.literal("scorecard"), period: phrase.optional(), share: z.boolean() }),
  z.object({
    type: z.literal("target"),
    kpi: kpiId,
    /** null resets the KPI to its catalog default. */
    value: z.number().finite().nullable(),
    filter: filterSchema.optional(),
  }),
  z.object({
    type: z.literal("role"),
    action: z.enum(["grant", "revoke"]),
    user: userArgSchema,
    role: z.enum(["admin", "manager"]),
  }),
  z.object({ type: z.literal("roles") }),
  z.object({
    type: z.literal("policy"),
    /** Without a change, `policy` shows the policy in force. */
    change: z
      .object({ audience: z.enum(["personal", "costs"]), role: z.enum(["viewer", "manager", "admin"]) })
      .optional(),
  }),
  z.object({ type: z.literal("whoami") }),
]);

/** A parsed, validated command. */
export type Command = z.infer<typeof commandSchema>;

/** Why a command was not understood. */
export type ProblemCode =
  | "unknown_command"
  | "unknown_kpi"
  | "missing_kpi"
  | "unknown_dimension"
  | "missing_dimension"
  | "dimension_not_available"
  | "duplicate_breakdown"
  | "bad_filter"
  | "bad_filter_value"
  | "missing_period"
  | "duplicate_period"
  | "bad_period"
  | "bad_number"
  | "out_of_range"
  | "bad_role"
  | "bad_policy"
  | "missing_user"
  | "extra_words"
  | "too_long"
  | "not_computable";

/** A piece of the command that was understood, shown back to the user. */
export interface Understood {
  kind: "verb" | "kpi" | "period" | "breakdown" | "filter" | "compare" | "share" | "rows" | "value" | "user";
  text: string;
}

/** What went wrong, with enough to explain it in either language. */
export interface Problem {
  code: ProblemCode;
  /** The words not understood, as typed. */
  words: string[];
  /** "Did you mean" candidates, best first. */
  suggestions: string[];
  understood: Understood[];
  /** The KPI when known, so the example can use it. */
  kpi?: string;
  /** The verb when known, so the example can use it. */
  verb?: string;
  /** Extra facts for the message: allowed dimensions, a range… */
  details?: Record<string, string>;
}

/** The outcome of parsing: a command, or a problem to explain. Never an exception. */
export type ParseOutcome = { ok: true; command: Command; understood: Understood[] } | { ok: false; problem: Problem };
