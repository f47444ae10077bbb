#!/usr/bin/env node
// Writes one Prisma schema per provider from prisma/schema.base.prisma (the single source of
// truth) and generates one client per provider under src/store/generated/<provider>.
// The Prisma CLI wants its schema-engine binary for every command and cannot download it offline;
// `prisma generate` does not use it, so we point PRISMA_SCHEMA_ENGINE_BINARY at a stub.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const base = readFileSync(join(root, "prisma/schema.base.prisma"), "utf8");
const providers = ["sqlite", "postgresql"];
const checkOnly = process.argv.includes("--write-only");

/** The header Prisma needs for one provider; everything else is the shared model. */
function header(provider) {
  return `// GENERATED from prisma/schema.base.prisma by scripts/prisma-generate.mjs — do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../src/store/generated/${provider}"
  moduleFormat = "esm"
  runtime      = "nodejs"
  importFileExtension = "js"
}

datasource db {
  provider = "${provider}"
}
`;
}

/** PostgreSQL keeps instants as timestamptz with millisecond precision. */
function adapt(provider, models) {
  if (provider !== "postgresql") return models;
  return models.replace(/^(\s+\w+\s+DateTime\??)(.*)$/gm, (_m, head, rest) => `${head} @db.Timestamptz(3)${rest}`);
}

const stub = join(tmpdir(), "kpibot-schema-engine-stub");
if (!existsSync(stub)) {
  writeFileSync(stub, "#!/bin/sh\nexit 0\n");
  chmodSync(stub, 0o755);
}

for (const provider of providers) {
  const dir = join(root, "prisma", provider);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "schema.prisma");
  writeFileSync(file, `${header(provider)}\n${adapt(provider, base)}`);
  if (checkOnly) continue;
  execFileSync(process.execPath, [join(root, "node_modules/prisma/build/index.js"), "generate", "--schema", file], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: stub,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}
console.error(`prisma: generated clients for ${providers.join(", ")}`);
