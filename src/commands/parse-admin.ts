import type { KpiDefinition, KpiUnit } from "../kpi/types.js";
import type { ParseOutcome, Understood } from "./command-types.js";
import { readFilter } from "./parse-clauses.js";
import { type Cursor, fail, matchPhrase } from "./parse-support.js";

const RESET_WORDS = ["reset", "default", "defaut", "off", "none", "aucun", "reinitialiser", "supprimer", "remove"];
const TO_WORDS = ["to", "a", "at", "="];
const FOR_WORDS = ["for", "pour", "where"];

/** The range a target may take for a unit (inclusive); `band` KPIs (budget) may exceed 100 %. */
export function targetRange(def: KpiDefinition): { min: number; max: number } {
  const byUnit: Record<KpiUnit, { min: number; max: number }> = {
    percent: { min: 0, max: def.direction === "band" ? 500 : 100 },
    score5: { min: 1, max: 5 },
    points: { min: -100, max: 100 },
    hours: { min: 0, max: 100_000 },
    tickets: { min: 0, max: 1e9 },
    changes: { min: 0, max: 1e9 },
    currency: { min: 0, max: 1e12 },
    currency_per_asset_year: { min: 0, max: 1e12 },
    fte: { min: 0, max: 1e6 },
    tickets_per_fte: { min: 0, max: 1e9 },
  };
  return byUnit[def.unit];
}

/** Reads "80", "80%", "80 %", "82,5" (French decimal comma), "-10". */
function readNumber(c: Cursor): number | undefined {
  const t = c.peek();
  if (!t || t.eq) return undefined;
  const m = /^([+-]?\d+(?:[.,]\d+)?)\s*%?$/.exec(t.norm);
  if (!m?.[1]) return undefined;
  c.next();
  if (c.peek()?.norm === "%") c.next();
  return Number(m[1].replace(",", "."));
}

/** `target <kpi> <value>|reset [for <dim>=<value>]` (the KPI is already read). */
export function parseTarget(c: Cursor, def: KpiDefinition, understood: Understood[]): ParseOutcome {
  const extra = { kpi: def.id, verb: "target" };
  if (TO_WORDS.includes(c.peek()?.norm ?? "") && c.peek(1)) c.next();
  let value: number | null;
  const word = c.peek();
  if (word && !word.quoted && RESET_WORDS.includes(word.norm)) {
    c.next();
    value = null;
  } else {
    const n = readNumber(c);
    if (n === undefined) return { ok: false, problem: fail("bad_number", word ? [word.raw] : [], understood, extra) };
    const range = targetRange(def);
    if (!Number.isFinite(n) || n < range.min || n > range.max) {
      return {
        ok: false,
        problem: fail("out_of_range", [word?.raw ?? String(n)], understood, {
          ...extra,
          details: { min: String(range.min), max: String(range.max), unit: def.unit },
        }),
      };
    }
    value = n;
  }
  understood.push({ kind: "value", text: value === null ? "reset" : String(value) });
  if (FOR_WORDS.includes(c.peek()?.norm ?? "")) c.next();
  let filter: { dimension: (typeof def.dimensions)[number]; value: string } | undefined;
  if (!c.done()) {
    // Read and checked exactly as a KPI question's filter is (`priority=abc` is refused, not stored).
    const read = readFilter(c, def, understood, true, "target");
    if (!read) return { ok: false, problem: fail("bad_filter", c.rest(), understood, extra) };
    if ("problem" in read) return { ok: false, problem: read.problem };
    filter = read.filter;
    understood.push({ kind: "filter", text: `${filter.dimension}=${filter.value}` });
  }
  if (!c.done()) return { ok: false, problem: fail("extra_words", c.rest(), understood, extra) };
  return { ok: true, command: { type: "target", kpi: def.id, value, ...(filter ? { filter } : {}) }, understood };
}

const ROLE_ACTIONS: Record<string, "grant" | "revoke" | "list"> = {
  grant: "grant",
  add: "grant",
  give: "grant",
  donner: "grant",
  accorder: "grant",
  ajouter: "grant",
  attribuer: "grant",
  revoke: "revoke",
  remove: "revoke",
  retirer: "revoke",
  revoquer: "revoke",
  enlever: "revoke",
  supprimer: "revoke",
  list: "list",
  liste: "list",
  lister: "list",
  ls: "list",
};

/** A word's entry in a lookup table, own keys only ("__proto__" is no role). */
function ownWord<T>(table: Record<string, T>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

/** The roles a chat command may grant (viewer is what revoking leaves). */
const ROLE_WORDS: Record<string, "admin" | "manager"> = {
  admin: "admin",
  administrateur: "admin",
  manager: "manager",
  responsable: "manager",
  gestionnaire: "manager",
};

/** `role grant|revoke <user> [admin|manager]`, `role list` (the verb is already read). */
export function parseRole(c: Cursor, understood: Understood[]): ParseOutcome {
  if (c.done()) return { ok: true, command: { type: "roles" }, understood };
  const action = matchPhrase(c, ROLE_ACTIONS);
  const extra = { verb: "role" };
  if (!action) return { ok: false, problem: fail("bad_role", c.rest(), understood, extra) };
  understood.push({ kind: "verb", text: action });
  if (action === "list") {
    if (!c.done()) return { ok: false, problem: fail("extra_words", c.rest(), understood, extra) };
    return { ok: true, command: { type: "roles" }, understood };
  }
  const user = c.next();
  if (!user || user.eq) return { ok: false, problem: fail("missing_user", [], understood, extra) };
  understood.push({ kind: "user", text: user.raw });
  if (["to", "a", "as", "en", "comme"].includes(c.peek()?.norm ?? "")) c.next();
  const word = c.next();
  const role = word ? ownWord(ROLE_WORDS, word.norm) : "admin";
  if (word && !role) return { ok: false, problem: fail("bad_role", [word.raw, ...c.rest()], understood, extra) };
  if (!c.done()) return { ok: false, problem: fail("extra_words", c.rest(), understood, extra) };
  return { ok: true, command: { type: "role", action, user: user.raw, role: role ?? "admin" }, understood };
}

const AUDIENCE_WORDS: Record<string, "personal" | "costs"> = {
  personal: "personal",
  "per-person": "personal",
  people: "personal",
  assignee: "personal",
  personnel: "personal",
  personnes: "personal",
  nominatif: "personal",
  costs: "costs",
  cost: "costs",
  finance: "costs",
  couts: "costs",
  cout: "costs",
};

const POLICY_ROLES: Record<string, "viewer" | "manager" | "admin"> = {
  ...ROLE_WORDS,
  viewer: "viewer",
  viewers: "viewer",
  everyone: "viewer",
  lecteur: "viewer",
  lecteurs: "viewer",
  tous: "viewer",
};

/** `policy` (show) or `policy personal|costs viewer|manager|admin` (the verb is already read). */
export function parsePolicy(c: Cursor, understood: Understood[]): ParseOutcome {
  const extra = { verb: "policy" };
  if (c.done()) return { ok: true, command: { type: "policy" }, understood };
  const audience = ownWord(AUDIENCE_WORDS, c.peek()?.norm ?? "");
  if (!audience) return { ok: false, problem: fail("bad_policy", c.rest(), understood, extra) };
  c.next();
  if (["to", "a", "=", ":"].includes(c.peek()?.norm ?? "")) c.next();
  const role = ownWord(POLICY_ROLES, c.peek()?.norm ?? "");
  if (!role) return { ok: false, problem: fail("bad_policy", c.rest(), understood, extra) };
  c.next();
  if (!c.done()) return { ok: false, problem: fail("extra_words", c.rest(), understood, extra) };
  understood.push({ kind: "value", text: `${audience}=${role}` });
  return { ok: true, command: { type: "policy", change: { audience, role } }, understood };
}
