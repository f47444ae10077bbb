// Raw SQL results differ by provider: SQLite gives epoch milliseconds for computed instants
// (MAX(fire_time)) and 0/1 for computed booleans; PostgreSQL gives Date and boolean.

/** An instant from a raw result (Date, epoch ms or ISO text); null when absent. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  if (typeof value === "string") {
    const asNumber = Number(value);
    const d = Number.isFinite(asNumber) && /^\d+$/.test(value) ? new Date(asNumber) : new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** A boolean from a raw result (boolean, 0/1, "t"/"f"); null when absent. */
export function toBool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") return value === "t" || value === "true" || value === "1";
  return null;
}

/** A number from a raw result; null when absent. */
export function toNum(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A string from a raw result; null when absent. */
export function toStr(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
