import type { Provider, SqlParam } from "../store/db.js";

/** A SQL fragment with its `?` parameters, in textual order. */
export interface Sql {
  text: string;
  params: SqlParam[];
}

/** Builds a fragment: interpolated fragments are inlined, any other value becomes a `?` parameter. */
export function sql(strings: TemplateStringsArray, ...values: (Sql | SqlParam)[]): Sql {
  let text = strings[0] ?? "";
  const params: SqlParam[] = [];
  values.forEach((v, i) => {
    if (isSql(v)) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += "?";
      params.push(v);
    }
    text += strings[i + 1] ?? "";
  });
  return { text, params };
}

/** A fragment of trusted SQL text with no parameters (column names, keywords). */
export function raw(text: string): Sql {
  return { text, params: [] };
}

/** Joins fragments with a separator. */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return {
    text: parts.map((p) => p.text).join(separator),
    params: parts.flatMap((p) => p.params),
  };
}

function isSql(v: unknown): v is Sql {
  return typeof v === "object" && v !== null && !(v instanceof Date) && "text" in v && "params" in v;
}

/** The few places where SQLite and PostgreSQL differ, as SQL builders. */
export interface Dialect {
  provider: Provider;
  /** Hours between two instant columns (b − a). */
  hours(a: string, b: string): string;
  /** A timestamp parameter usable where its type cannot be inferred (VALUES lists). */
  instant(date: Date): Sql;
  /** Percentile (0..1) of an expression as an ordered-set aggregate, or null when the database has none. */
  percentile: ((expr: string, p: number) => string) | null;
  /** A column the planner should not pick an index for (SQLite's unary `+`; PostgreSQL plans well alone). */
  unindexed(column: string): string;
}

/** The dialect of a provider; `sqlitePercentile` says whether this SQLite build has percentile_cont. */
export function dialectFor(provider: Provider, sqlitePercentile: boolean): Dialect {
  if (provider === "postgresql") {
    return {
      provider,
      // date_part gives double precision; EXTRACT gives numeric since PostgreSQL 14, about 2× slower to sum and sort.
      hours: (a, b) => `(date_part('epoch', ${b} - ${a}) / 3600.0)`,
      instant: (date) => sql`CAST(${date} AS timestamptz)`,
      percentile: (expr, p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr})`,
      unindexed: (column) => column,
    };
  }
  return {
    provider,
    // SQLite stores instants as epoch milliseconds.
    hours: (a, b) => `((${b} - ${a}) / 3600000.0)`,
    instant: (date) => sql`${date}`,
    percentile: sqlitePercentile ? (expr, p) => `percentile_cont(${expr}, ${p})` : null,
    unindexed: (column) => `+${column}`,
  };
}
