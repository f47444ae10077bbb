/**
 * Builds the Microsoft Teams app package: `npm run teams:package [-- --out <zip>] [--icons]`.
 * Fills manifest/teams/manifest.json's ${{…}} placeholders from the environment (and .env),
 * validates it against Microsoft's schema, checks the icons and zips the three files.
 * --icons redraws manifest/teams/color.png and outline.png first.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import { drawColorIcon, drawOutlineIcon, ICON_SIZES } from "../adapters/teams/app-package/icons.js";
import {
  fillManifest,
  MANIFEST_DIR,
  manifestValues,
  pngSize,
  zipPackage,
} from "../adapters/teams/app-package/package.js";
import { manifestSchemaErrors } from "../adapters/teams/app-package/validate.js";

function fail(code: number, lines: string[]): never {
  process.stderr.write(`${lines.join("\n")}\n`);
  process.exit(code);
}

const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out = resolve(
  outIndex >= 0 ? (args[outIndex + 1] ?? fail(2, ["--out needs a file name"])) : "dist/kpibot-teams.zip",
);
const dir = resolve(MANIFEST_DIR);

if (args.includes("--icons")) {
  writeFileSync(join(dir, "color.png"), drawColorIcon());
  writeFileSync(join(dir, "outline.png"), drawOutlineIcon());
  process.stdout.write(`icons redrawn in ${MANIFEST_DIR}\n`);
}

const dotenv: Record<string, string> = {};
if (existsSync(".env")) loadDotenv({ path: ".env", processEnv: dotenv, quiet: true });
const env = { ...dotenv, ...process.env };
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

const { values, problems } = manifestValues(env, version);
if (problems.length > 0)
  fail(2, ["Cannot build the Teams package — set these variables (or .env):", ...problems.map((p) => `  ${p}`)]);
const { text, unresolved } = fillManifest(readFileSync(join(dir, "manifest.json"), "utf8"), values);
if (unresolved.length > 0) fail(2, [`Unknown placeholders in ${MANIFEST_DIR}/manifest.json: ${unresolved.join(", ")}`]);
const manifest = JSON.parse(text) as { manifestVersion?: string };

try {
  const errors = await manifestSchemaErrors(manifest);
  if (errors.length > 0) fail(1, ["manifest.json does not match Microsoft's schema:", ...errors.map((e) => `  ${e}`)]);
} catch (err) {
  // @microsoft/app-manifest is a development dependency: without it, package unchecked.
  process.stderr.write(`warning: manifest not validated against Microsoft's schema (${String(err)})\n`);
}

const color = readFileSync(join(dir, "color.png"));
const outline = readFileSync(join(dir, "outline.png"));
for (const [name, bytes, size] of [
  ["color.png", color, ICON_SIZES.color],
  ["outline.png", outline, ICON_SIZES.outline],
] as const) {
  const actual = pngSize(bytes);
  if (!actual || actual.width !== size || actual.height !== size) {
    fail(1, [`${MANIFEST_DIR}/${name} must be a ${size}×${size} PNG (run with --icons to redraw it)`]);
  }
}

const zip = zipPackage({
  "manifest.json": new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
  "color.png": color,
  "outline.png": outline,
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, zip);
process.stdout.write(
  `Teams app package written to ${out} (${zip.length} bytes, app version ${values.TEAMS_APP_VERSION}).\n`,
);
process.stdout.write("Upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin center).\n");
