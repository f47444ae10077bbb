// Raw SQL results differ by provider: SQLite gives epoch milliseconds for instants (and computed ones such as
// MAX(fire_time)) and 0/1 for booleans; PostgreSQL gives Date and boolean. These read either.

/** An instant from a raw result (Date, epoch ms or ISO text); null when absent. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") {
    const d = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
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
