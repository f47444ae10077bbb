/**
 * Rows read by a SQLite read worker, converted exactly as Prisma's raw queries convert them on the writer's
 * connection (the better-sqlite3 driver adapter's column typing, then the client's value mapping, then Db's
 * number normalisation): a column declared DATETIME gives a Date, BOOLEAN a boolean, an aggregate an epoch-ms
 * or plain number. test/store/read-pool.test.ts checks the two paths give identical rows.
 */

/** What a read worker sends back: column names, declared types, values (integers as bigint). */
export interface RawRows {
  names: string[];
  types: (string | null)[];
  rows: unknown[][];
}

type Kind = "int" | "bigint" | "double" | "decimal" | "text" | "datetime" | "date" | "time" | "bool" | "json" | "bytes";

/** The column kind of a declared type (the adapter's table; unknown and absent types are inferred from values). */
function declaredKind(type: string | null): Kind | "unknown" | null {
  switch ((type ?? "").toUpperCase()) {
    case "DECIMAL":
      return "decimal";
    case "FLOAT":
    case "DOUBLE":
    case "DOUBLE PRECISION":
    case "NUMERIC":
    case "REAL":
      return "double";
    case "TINYINT":
    case "SMALLINT":
    case "MEDIUMINT":
    case "INT":
    case "INTEGER":
    case "SERIAL":
    case "INT2":
      return "int";
    case "BIGINT":
    case "UNSIGNED BIG INT":
    case "INT8":
      return "bigint";
    case "DATETIME":
    case "TIMESTAMP":
      return "datetime";
    case "TIME":
      return "time";
    case "DATE":
      return "date";
    case "TEXT":
    case "CLOB":
    case "CHARACTER":
    case "VARCHAR":
    case "VARYING CHARACTER":
    case "NCHAR":
    case "NATIVE CHARACTER":
    case "NVARCHAR":
      return "text";
    case "BLOB":
      return "bytes";
    case "BOOLEAN":
      return "bool";
    case "JSONB":
      return "json";
    default:
      return null;
  }
}

/** The kind of an undeclared column, from its first non-null value ("unknown": a plain JS number). */
function inferredKind(rows: readonly unknown[][], i: number): Kind | "unknown" {
  for (const row of rows) {
    const v = row[i];
    if (v === null || v === undefined) continue;
    if (typeof v === "string") return "text";
    if (typeof v === "bigint") return "bigint";
    if (typeof v === "boolean") return "bool";
    if (typeof v === "number") return "unknown";
    throw new Error(`unexpected value of type ${typeof v}`);
  }
  return "int";
}

/** The driver adapter's per-value step (mapRow). */
function adapterValue(v: unknown, kind: Kind | "unknown"): unknown {
  if (typeof v === "number" && (kind === "int" || kind === "bigint") && !Number.isInteger(v)) return Math.trunc(v);
  if ((typeof v === "number" || typeof v === "bigint") && kind === "datetime") return new Date(Number(v)).toISOString();
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v.toString();
  }
  return v;
}

const cannot = (v: unknown, as: string) => new Error(`Cannot serialize value of type ${typeof v} as ${as}`);

/** The client's steps (serialise by column type, deserialise by type name, then Db's bigint/decimal → number). */
function clientValue(v: unknown, kind: Kind | "unknown"): unknown {
  switch (kind) {
    case "int":
      if (typeof v === "number") return Math.trunc(v);
      if (typeof v === "string") return Math.trunc(Number(v));
      throw cannot(v, "Int32");
    case "bigint":
      if (typeof v === "number") return Number(BigInt(Math.trunc(v)));
      if (typeof v === "string") return Number(BigInt(v));
      throw cannot(v, "Int64");
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "string") return v === "true" || v === "1";
      if (typeof v === "number") return v === 1;
      throw cannot(v, "Boolean");
    case "json":
      if (typeof v === "string") return JSON.parse(v);
      throw cannot(v, "Json");
    case "decimal":
      return Number(v);
    case "datetime":
    case "date":
      return new Date(v as string | number);
    case "time":
      return new Date(`1970-01-01T${String(v)}Z`);
    case "bytes":
      return new Uint8Array(v as Uint8Array);
    default:
      return v;
  }
}

/** Turns a worker's raw result into the rows `Db.query` returns on the writer's connection. */
export function toQueryRows(raw: RawRows): Record<string, unknown>[] {
  const kinds = raw.types.map((t, i) => declaredKind(t) ?? inferredKind(raw.rows, i));
  return raw.rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (const name of raw.names) row[name] = null;
    values.forEach((v, i) => {
      const kind = kinds[i] ?? "unknown";
      const name = raw.names[i] ?? "";
      row[name] = v === null || v === undefined ? null : clientValue(adapterValue(v, kind), kind);
    });
    return row;
  });
}
