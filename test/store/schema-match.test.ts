import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDb, type Provider } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { createTestDatabase, type TestDatabase, testProviders } from "../helpers/databases.js";

// The test reads the generated per-provider Prisma schema itself (an independent parse, not the
// migration generator's) and checks the migrated database has every model's table, every field's
// column with the right type family and nullability, and every unique constraint and index.

interface FieldSpec {
  column: string;
  type: string;
  optional: boolean;
}
interface ModelSpec {
  model: string;
  table: string;
  fields: FieldSpec[];
  indexes: { name: string; unique: boolean }[];
}

function parseSchema(provider: Provider): ModelSpec[] {
  const text = readFileSync(join(process.cwd(), "prisma", provider, "schema.prisma"), "utf8");
  const models: ModelSpec[] = [];
  for (const block of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const body = block[2] ?? "";
    const spec: ModelSpec = { model: block[1] ?? "", table: block[1] ?? "", fields: [], indexes: [] };
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const map = line.match(/map: "([^"]+)"/)?.[1];
      if (line.startsWith("@@map")) spec.table = line.match(/"([^"]+)"/)?.[1] ?? spec.table;
      else if (line.startsWith("@@unique") && map) spec.indexes.push({ name: map, unique: true });
      else if (line.startsWith("@@index") && map) spec.indexes.push({ name: map, unique: false });
      const m = line.match(/^(\w+)\s+(String|Int|BigInt|Float|Boolean|DateTime)(\?)?(.*)$/);
      if (!m) continue;
      const rest = m[4] ?? "";
      spec.fields.push({
        column: rest.match(/@map\("([^"]+)"\)/)?.[1] ?? m[1] ?? "",
        type: m[2] ?? "",
        optional: m[3] === "?",
      });
      const fieldUnique = rest.match(/@unique\(map: "([^"]+)"\)/)?.[1];
      if (fieldUnique) spec.indexes.push({ name: fieldUnique, unique: true });
    }
    models.push(spec);
  }
  return models;
}

/** Accepted database types per Prisma scalar (SQLite declared types; PostgreSQL data_type). */
const TYPE_FAMILY: Record<Provider, Record<string, string[]>> = {
  sqlite: {
    String: ["TEXT"],
    Int: ["INTEGER"],
    BigInt: ["BIGINT"],
    Float: ["REAL"],
    Boolean: ["BOOLEAN"],
    DateTime: ["DATETIME"],
  },
  postgresql: {
    String: ["text"],
    Int: ["integer"],
    BigInt: ["bigint"],
    Float: ["double precision"],
    Boolean: ["boolean"],
    DateTime: ["timestamp with time zone"],
  },
};

interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
}

async function columnsOf(db: Db, table: string): Promise<ColumnInfo[]> {
  if (db.provider === "sqlite") {
    const rows = await db.query<{ name: string; type: string; notnull: number; pk: number }>(
      `SELECT name, type, "notnull", pk FROM pragma_table_info('${table}')`,
    );
    return rows.map((r) => ({ name: r.name, type: r.type.toUpperCase(), nullable: r.notnull === 0 && r.pk === 0 }));
  }
  const rows = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
    "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ?",
    [table],
  );
  return rows.map((r) => ({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === "YES" }));
}

async function indexesOf(db: Db, table: string): Promise<{ name: string; unique: boolean }[]> {
  if (db.provider === "sqlite") {
    const rows = await db.query<{ name: string; unique: number }>(
      `SELECT name, "unique" FROM pragma_index_list('${table}')`,
    );
    return rows.map((r) => ({ name: r.name, unique: r.unique === 1 }));
  }
  const rows = await db.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ?",
    [table],
  );
  return rows.map((r) => ({ name: r.indexname, unique: r.indexdef.startsWith("CREATE UNIQUE") }));
}

describe.each(await testProviders())("migrated %s database matches the Prisma schema", (provider) => {
  let database: TestDatabase;
  let db: Db;
  const models = parseSchema(provider);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await migrate(database.url);
    db = await openDb(database.url);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it("the schema declares every model the KPI catalog needs", () => {
    expect(models.map((m) => m.table)).toEqual(
      expect.arrayContaining([
        "asset_counts",
        "audit_log",
        "changes",
        "chat_users",
        "conversation_refs",
        "cost_lines",
        "digest_deliveries",
        "digest_schedules",
        "import_runs",
        "kpi_targets",
        "portal_usage",
        "shadow_it_findings",
        "staff_allocations",
        "survey_answers",
        "survey_questions",
        "surveys",
        "tickets",
        "time_entries",
      ]),
    );
    expect(models.length).toBeGreaterThanOrEqual(18);
  });

  it.each(models.map((m) => [m.model, m] as const))(
    "%s: every field has a column of the right type and nullability",
    async (_name, model) => {
      const cols = await columnsOf(db, model.table);
      expect(cols.length, `table ${model.table} exists`).toBeGreaterThan(0);
      for (const field of model.fields) {
        const col = cols.find((c) => c.name === field.column);
        expect(col, `${model.table}.${field.column}`).toBeDefined();
        expect(TYPE_FAMILY[provider][field.type], `${model.table}.${field.column} type ${col?.type}`).toContain(
          col?.type,
        );
        expect(col?.nullable, `${model.table}.${field.column} nullability`).toBe(field.optional);
      }
      // No column the schema does not know about (it would be invisible to Prisma).
      expect(cols.map((c) => c.name).sort()).toEqual(model.fields.map((f) => f.column).sort());
    },
  );

  it.each(models.map((m) => [m.model, m] as const))(
    "%s: every unique constraint and index exists",
    async (_name, model) => {
      const idx = await indexesOf(db, model.table);
      for (const want of model.indexes) {
        expect(
          idx.find((i) => i.name === want.name),
          `${model.table} index ${want.name}`,
        ).toMatchObject({ unique: want.unique });
      }
    },
  );

  it("records the applied migration in Prisma's _prisma_migrations table", async () => {
    const rows = await db.query<{ migration_name: string; applied_steps_count: number }>(
      `SELECT migration_name, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]?.migration_name).toBe("20261128000000_init");
  });
});
