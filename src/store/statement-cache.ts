import type Database from "better-sqlite3";

/**
 * Prepared statements of one better-sqlite3 connection, by SQL: the same few statements run again and again on the
 * interaction path (point reads, grouped writes), and preparing costs more than running them. Bounded: past `max`
 * the cache starts over.
 */
export function statementCache(max: number): (conn: Database.Database, sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (conn, sql) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = conn.prepare(sql);
      if (statements.size >= max) statements.clear();
      statements.set(sql, stmt);
    }
    return stmt;
  };
}
