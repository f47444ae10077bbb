import type { Db, SqlParam } from "../db.js";

/** A scheduled owner as the table skeleton sees it: an id, whether it is paused. */
interface TableOwner {
  id: number;
  paused: boolean;
}

/** Where a job keeps its owners (digest schedules, alert rules): table, columns and row reader. */
export interface ScheduleTableSpec<O> {
  /** The table, a constant of its repository (written into the SQL). */
  table: string;
  /** The columns fromRow reads, comma-separated. */
  columns: string;
  fromRow(row: Record<string, unknown>): O;
}

/**
 * What every job's owners have in common, on both databases: read one or all, remove, pause and
 * resume. Resuming moves `active_from` to now, so fires missed while paused are never sent. The
 * job's repository adds its own `create` (and queries of its own).
 */
export class ScheduleTable<O extends TableOwner> {
  constructor(
    protected readonly db: Db,
    private readonly spec: ScheduleTableSpec<O>,
  ) {}

  /** One owner, or null. */
  async get(id: number): Promise<O | null> {
    const rows = await this.db.query(`SELECT ${this.spec.columns} FROM ${this.spec.table} WHERE id = ?`, [id]);
    return rows[0] ? this.spec.fromRow(rows[0]) : null;
  }

  /** Every owner (active ones only when asked), by id. */
  async all(opts: { activeOnly?: boolean } = {}): Promise<O[]> {
    const where = opts.activeOnly ? " WHERE paused = ?" : "";
    const rows = await this.db.query(
      `SELECT ${this.spec.columns} FROM ${this.spec.table}${where} ORDER BY id`,
      opts.activeOnly ? [false] : [],
    );
    return rows.map((r) => this.spec.fromRow(r));
  }

  /** Deletes an owner (its fire log goes with it: ON DELETE CASCADE); false when unknown. */
  async remove(id: number): Promise<boolean> {
    return (await this.db.execute(`DELETE FROM ${this.spec.table} WHERE id = ?`, [id])) > 0;
  }

  /** Pauses or resumes; resuming moves active_from to now so fires missed while paused are never sent. */
  async setPaused(id: number, paused: boolean, now: Date): Promise<boolean> {
    const changed = paused
      ? await this.db.execute(`UPDATE ${this.spec.table} SET paused = ? WHERE id = ?`, [true, id])
      : await this.db.execute(`UPDATE ${this.spec.table} SET paused = ?, active_from = ? WHERE id = ? AND paused = ?`, [
          false,
          now,
          id,
          true,
        ]);
    return changed > 0;
  }

  /** Inserts a row and reads it back (the job's `create`). */
  protected async insert(values: Record<string, SqlParam>): Promise<O> {
    const names = Object.keys(values);
    const rows = await this.db.query<{ id: unknown }>(
      `INSERT INTO ${this.spec.table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) RETURNING id`,
      names.map((n) => values[n] ?? null),
    );
    const id = Number(rows[0]?.id);
    const created = Number.isFinite(id) ? await this.get(id) : null;
    if (!created) throw new Error(`${this.spec.table} insert returned no row`);
    return created;
  }
}
