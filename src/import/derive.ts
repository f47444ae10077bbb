import { parseDecimal } from "./local-values.js";
import type { Mapping } from "./mapping.js";

/** A ticket being shaped: its fields as text ("" = empty), read and written by name. */
export interface TicketFields {
  get(field: string): string;
  set(field: string, value: string): void;
}

/**
 * Fills the ticket fields an export has no column for, as a mapping's `derive` says: the support level
 * from the assignment group's name (first matching rule), and first-contact resolution of a resolved
 * ticket from its reassignment count (`no_reassignment`: never reassigned and not past level 1) or its
 * level (`no_escalation`: still at level 1). A field the export gives is never overwritten; one that
 * cannot be derived stays empty (unknown). Used by `--mapping`/`--preset` imports and by the API syncs.
 */
export function ticketDeriver(derive: Mapping["derive"]): ((t: TicketFields) => void) | null {
  const rules = (derive.support_level?.rules ?? []).map((r) => ({
    re: new RegExp(r.match, "i"),
    level: String(r.level),
  }));
  const levelFrom = derive.support_level?.from ?? "group";
  const fcr = derive.first_contact_resolution;
  if (rules.length === 0 && fcr === undefined) return null;
  return (t) => {
    if (rules.length > 0 && t.get("support_level") === "") {
      const group = t.get(levelFrom);
      const rule = group === "" ? undefined : rules.find((r) => r.re.test(group));
      if (rule !== undefined) t.set("support_level", rule.level);
    }
    if (fcr !== undefined && t.get("first_contact_resolution") === "") {
      const resolved = t.get("resolved_at") !== "" || t.get("closed_at") !== "";
      const level = t.get("support_level");
      let value = "";
      if (resolved && fcr === "no_escalation" && level !== "") value = String(level === "1");
      if (resolved && fcr === "no_reassignment") {
        const n = parseDecimal(t.get("reassignment_count"));
        if (n !== null) value = String(n === 0 && (level === "" || level === "1"));
      }
      t.set("first_contact_resolution", value);
    }
  };
}
