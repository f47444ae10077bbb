#!/usr/bin/env node
// Writes the CREATE statements of prisma/schema.base.prisma as a Prisma-layout migration for
// each provider (prisma/<provider>/migrations/<timestamp>_<name>/migration.sql).
// Why: `prisma migrate dev` needs the schema-engine binary, which cannot be downloaded here.
// This emits the same shapes Prisma would (tables, unique indexes, indexes, foreign keys) for a
// schema built from scalar fields and simple relations; later migrations can be written by hand
// or with `prisma migrate diff` where the engine is available.
// Usage: node scripts/make-migration.mjs <timestamp>_<name> [Model ...]   (default: every model)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [name, ...only] = process.argv.slice(2);
if (!name || !/^\d{14}_[a-z0-9_]+$/.test(name)) {
  console.error("usage: node scripts/make-migration.mjs <yyyymmddhhmmss>_<name> [Model ...]");
  process.exit(2);
}
const src = readFileSync(join(root, "prisma/schema.base.prisma"), "utf8");

/** Parses the model blocks we use: scalar fields with @id/@default/@map/@unique, relations, @@unique/@@index/@@map. */
function parse(text) {
  const models = [];
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const model = { name: m[1], table: m[1], fields: [], uniques: [], indexes: [], fks: [] };
    for (const raw of m[2].split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      if (!line) continue;
      if (line.startsWith("@@")) {
        const cols = (line.match(/\[([^\]]*)\]/)?.[1] ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const map = line.match(/map: "([^"]+)"/)?.[1];
        if (line.startsWith("@@map")) model.table = line.match(/"([^"]+)"/)[1];
        else if (line.startsWith("@@unique")) model.uniques.push({ cols, map });
        else if (line.startsWith("@@index")) model.indexes.push({ cols, map });
        continue;
      }
      const [fname, ftype, ...attrs] = line.split(/\s+/);
      const rest = attrs.join(" ");
      const base = ftype.replace(/[?[\]]/g, "");
      if (!["String", "Int", "Float", "Boolean", "DateTime"].includes(base)) {
        const rel = rest.match(/@relation\(fields: \[(\w+)\], references: \[(\w+)\](?:, onDelete: (\w+))?\)/);
        if (rel) model.fks.push({ field: rel[1], refModel: base, refField: rel[2], onDelete: rel[3] ?? "Restrict" });
        continue;
      }
      model.fields.push({
        name: fname,
        column: rest.match(/@map\("([^"]+)"\)/)?.[1] ?? fname,
        type: base,
        optional: ftype.endsWith("?"),
        id: rest.includes("@id"),
        autoincrement: rest.includes("autoincrement()"),
        default: rest.match(/@default\(((?:[^()]|\(\))*)\)/)?.[1],
        unique: rest.match(/@unique(?:\(map: "([^"]+)"\))?/),
      });
    }
    models.push(model);
  }
  return models;
}

const TYPES = {
  sqlite: { String: "TEXT", Int: "INTEGER", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME" },
  postgresql: {
    String: "TEXT",
    Int: "INTEGER",
    Float: "DOUBLE PRECISION",
    Boolean: "BOOLEAN",
    DateTime: "TIMESTAMPTZ(3)",
  },
};

function defaultSql(provider, f) {
  if (f.default === undefined || f.autoincrement) return "";
  // SQLite keeps instants as unix epoch milliseconds (the driver adapter's unixepoch-ms format).
  if (f.default === "now()")
    return provider === "sqlite"
      ? " DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))"
      : " DEFAULT CURRENT_TIMESTAMP";
  if (f.type === "Boolean")
    return provider === "sqlite" ? ` DEFAULT ${f.default === "true" ? 1 : 0}` : ` DEFAULT ${f.default}`;
  return ` DEFAULT ${f.default.replace(/^"(.*)"$/, "'$1'")}`;
}

function render(provider, models, all) {
  const q = (s) => `"${s}"`;
  const col = (model, fieldName) => model.fields.find((f) => f.name === fieldName).column;
  const out = [];
  for (const model of models) {
    out.push(`-- CreateTable\nCREATE TABLE ${q(model.table)} (`);
    const lines = model.fields.map((f) => {
      if (f.id && f.autoincrement)
        return provider === "sqlite"
          ? `    ${q(f.column)} INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`
          : `    ${q(f.column)} SERIAL NOT NULL`;
      return `    ${q(f.column)} ${TYPES[provider][f.type]}${f.optional ? "" : " NOT NULL"}${defaultSql(provider, f)}`;
    });
    const id = model.fields.find((f) => f.id);
    if (provider === "postgresql")
      lines.push(`\n    CONSTRAINT ${q(`${model.table}_pkey`)} PRIMARY KEY (${q(id.column)})`);
    if (provider === "sqlite") {
      for (const fk of model.fks) {
        const ref = all.find((m) => m.name === fk.refModel);
        lines.push(
          `    CONSTRAINT ${q(`${model.table}_${col(model, fk.field)}_fkey`)} FOREIGN KEY (${q(col(model, fk.field))}) REFERENCES ${q(ref.table)} (${q(col(ref, fk.refField))}) ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE CASCADE`,
        );
      }
    }
    out.push(`${lines.join(",\n")}\n);\n`);
  }
  for (const model of models) {
    for (const f of model.fields.filter((x) => x.unique)) {
      out.push(
        `-- CreateIndex\nCREATE UNIQUE INDEX ${q(f.unique[1] ?? `${model.table}_${f.column}_key`)} ON ${q(model.table)}(${q(f.column)});\n`,
      );
    }
    for (const u of model.uniques) {
      out.push(
        `-- CreateIndex\nCREATE UNIQUE INDEX ${q(u.map)} ON ${q(model.table)}(${u.cols.map((c) => q(col(model, c))).join(", ")});\n`,
      );
    }
    for (const i of model.indexes) {
      out.push(
        `-- CreateIndex\nCREATE INDEX ${q(i.map)} ON ${q(model.table)}(${i.cols.map((c) => q(col(model, c))).join(", ")});\n`,
      );
    }
  }
  if (provider === "postgresql") {
    for (const model of models) {
      for (const fk of model.fks) {
        const ref = all.find((m) => m.name === fk.refModel);
        out.push(
          `-- AddForeignKey\nALTER TABLE ${q(model.table)} ADD CONSTRAINT ${q(`${model.table}_${col(model, fk.field)}_fkey`)} FOREIGN KEY (${q(col(model, fk.field))}) REFERENCES ${q(ref.table)}(${q(col(ref, fk.refField))}) ON DELETE ${fk.onDelete.toUpperCase()} ON UPDATE CASCADE;\n`,
        );
      }
    }
  }
  return out.join("\n");
}

const all = parse(src);
const chosen = only.length ? all.filter((m) => only.includes(m.name)) : all;
for (const provider of ["sqlite", "postgresql"]) {
  const dir = join(root, "prisma", provider, "migrations", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "migration.sql"), render(provider, chosen, all));
  writeFileSync(
    join(root, "prisma", provider, "migrations", "migration_lock.toml"),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
  );
}
console.error(`wrote ${name} for ${chosen.length} models`);
