import { kpiTable } from "../commands/parse-support.js";
import { suggest } from "../commands/suggest.js";
import { normalizeWord, type Token } from "../commands/tokens.js";

// What the commands of every scheduled job share (`digest …`, `alert …`): the sub-command words in
// English and French (normalised: lower-case, no accents; multi-word phrases hyphenated), the word
// cursor, the id and list sub-commands, KPI words, and the parse errors the handlers translate.

/** Sub-commands shared by digests and alerts. */
export type SubCommand = "add" | "list" | "remove" | "pause" | "resume" | "send" | "preview" | "help";

/** Sub-command words, English then French. */
export const SUB_WORDS: Record<string, SubCommand> = {
  add: "add",
  new: "add",
  create: "add",
  ajouter: "add",
  ajoute: "add",
  creer: "add",
  nouveau: "add",
  nouvelle: "add",
  list: "list",
  ls: "list",
  show: "list",
  liste: "list",
  lister: "list",
  voir: "list",
  remove: "remove",
  delete: "remove",
  rm: "remove",
  del: "remove",
  supprimer: "remove",
  supprime: "remove",
  retirer: "remove",
  effacer: "remove",
  pause: "pause",
  suspend: "pause",
  suspendre: "pause",
  resume: "resume",
  unpause: "resume",
  reprendre: "resume",
  reprends: "resume",
  reactiver: "resume",
  send: "send",
  "send-now": "send",
  run: "send",
  envoyer: "send",
  envoie: "send",
  preview: "preview",
  "dry-run": "preview",
  apercu: "preview",
  previsualiser: "preview",
  essai: "preview",
  help: "help",
  aide: "help",
  usage: "help",
};

/** Why a `digest`/`alert` command could not be read (translated by the handler, `digests:parse.<code>`). */
export interface ParseError {
  code:
    | "unknown_sub"
    | "missing_frequency"
    | "bad_day"
    | "bad_time"
    | "missing_kpis"
    | "unknown_kpi"
    | "bad_dimension"
    | "bad_timezone"
    | "bad_id"
    | "extra"
    | "missing_condition"
    | "bad_value"
    | "bad_filter"
    | "bad_check";
  word?: string;
  suggestions?: string[];
}

/** The result of parsing: a command or an error. */
export type Parsed<T> = { ok: true; command: T } | { ok: false; error: ParseError };

const err = <T>(error: ParseError): Parsed<T> => ({ ok: false, error });

/** A cursor over tokens; multi-word keywords are tried hyphenated (longest first). */
export class Words {
  index = 0;
  constructor(readonly tokens: Token[]) {}
  get done(): boolean {
    return this.index >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token | undefined {
    return this.tokens[this.index++];
  }
  /** Matches up to 4 words joined with hyphens against a table; consumes them on success. */
  match<T>(table: Record<string, T>): T | undefined {
    for (let n = Math.min(4, this.tokens.length - this.index); n >= 1; n--) {
      const slice = this.tokens.slice(this.index, this.index + n);
      if (slice.some((t) => t.quoted || t.eq)) continue;
      const key = slice.map((t) => t.norm).join("-");
      if (Object.hasOwn(table, key)) {
        this.index += n;
        return table[key];
      }
    }
    return undefined;
  }
  /** Whether the next words match a table, without consuming them. */
  sees(table: Record<string, unknown>): boolean {
    const at = this.index;
    const found = this.match(table) !== undefined;
    this.index = at;
    return found;
  }
  rest(): string[] {
    return this.tokens.slice(this.index).map((t) => t.raw);
  }
}

/** Reads `#12` / `12` as a schedule or rule id. */
function readId(words: Words): number | undefined {
  const raw = words.next()?.raw.replace(/^#/, "");
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

/** `list`, with nothing after it (digests and alerts alike). */
export function listCommand(words: Words): Parsed<{ type: "list" }> {
  return words.done ? { ok: true, command: { type: "list" } } : err({ code: "extra", word: words.rest().join(" ") });
}

/** `<sub> #12`: a subcommand on one schedule or rule, with nothing after the id (digests and alerts alike). */
export function idCommand<S extends string>(words: Words, type: S): Parsed<{ type: S; id: number }> {
  const id = readId(words);
  if (id === undefined) return err({ code: "bad_id", word: words.tokens[words.index - 1]?.raw ?? "" });
  if (!words.done) return err({ code: "extra", word: words.rest().join(" ") });
  return { ok: true, command: { type, id } };
}

/** Resolves a KPI word (id, alias or name) to its id, or suggestions. */
export function resolveKpiWord(word: string): { id: string } | { suggestions: string[] } {
  const table = kpiTable();
  const def = table.get(normalizeWord(word));
  if (def) return { id: def.id };
  return { suggestions: suggest(normalizeWord(word), table.keys(), (w) => table.get(w)?.id ?? w) };
}

/** Sub-command words only a French speaker uses (each job adds its own words to pick the reply language). */
export const FRENCH_SUB_HINTS: readonly string[] = [
  ...["ajouter", "ajoute", "creer", "nouveau", "nouvelle", "liste", "lister", "voir", "supprimer", "supprime"],
  ...["retirer", "effacer", "suspendre", "reprendre", "reprends", "reactiver", "envoyer", "envoie", "apercu"],
  ...["previsualiser", "essai", "aide", "fuseau", "mois", "semaine", "hier"],
];

/** Sub-command words only an English speaker uses. */
export const ENGLISH_SUB_HINTS: readonly string[] = [
  ...["add", "new", "create", "list", "show", "remove", "delete", "pause", "send", "preview", "help"],
  ...["month", "week", "yesterday"],
];
