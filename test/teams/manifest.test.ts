import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { drawColorIcon, drawOutlineIcon } from "../../adapters/teams/app-package/icons.js";
import {
  fillManifest,
  MANIFEST_DIR,
  manifestValues,
  PLACEHOLDERS,
  pngSize,
  zipPackage,
} from "../../adapters/teams/app-package/package.js";
import { manifestSchemaErrors, officialSchemaPath } from "../../adapters/teams/app-package/validate.js";

const APP_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ENV = { MICROSOFT_APP_ID: APP_ID, KPIBOT_PUBLIC_URL: "https://kpibot.example.org" };
const template = readFileSync(join(MANIFEST_DIR, "manifest.json"), "utf8");

type Manifest = {
  manifestVersion: string;
  id: string;
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string }[] }[] }[];
  developer: { name: string; websiteUrl: string };
};

function filled(env: Record<string, string> = ENV): Manifest {
  const { values, problems } = manifestValues(env, "1.2.3");
  expect(problems).toEqual([]);
  const { text, unresolved } = fillManifest(template, values);
  expect(unresolved).toEqual([]);
  return JSON.parse(text) as Manifest;
}

describe("manifest/teams/manifest.json", () => {
  it("uses only documented placeholders", () => {
    const used = [...template.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !(name && name in PLACEHOLDERS))).toEqual([]);
    const docs = readFileSync("docs/teams.md", "utf8");
    expect(Object.keys(PLACEHOLDERS).filter((name) => !docs.includes(name))).toEqual([]);
  });

  it("is valid against Microsoft's official schema for its manifestVersion", async () => {
    const manifest = filled();
    expect(officialSchemaPath(manifest.manifestVersion)).toContain(
      `teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    const schema = JSON.parse(readFileSync(officialSchemaPath(manifest.manifestVersion), "utf8")) as {
      properties: { manifestVersion: { const: string } };
    };
    expect(schema.properties.manifestVersion.const).toBe(manifest.manifestVersion);
    expect(await manifestSchemaErrors(manifest)).toEqual([]);
  });

  it("is checked for real: the schema catches a bad bot id and a missing developer", async () => {
    const manifest = filled();
    const badBot = { ...manifest, bots: [{ ...manifest.bots[0], botId: "kpibot" }] };
    expect((await manifestSchemaErrors(badBot)).some((e) => e.includes("/bots/0/botId"))).toBe(true);
    const { developer: _developer, ...noDeveloper } = manifest;
    expect((await manifestSchemaErrors(noDeveloper)).join("\n")).toContain("developer");
  });

  it("declares the bot in personal, team and group chat scopes with the main commands", () => {
    const manifest = filled();
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]?.botId).toBe(APP_ID);
    expect(manifest.bots[0]?.scopes).toEqual(["personal", "team", "groupChat"]);
    const titles = manifest.bots[0]?.commandLists[0]?.commands.map((c) => c.title) ?? [];
    expect(titles).toEqual(expect.arrayContaining(["help", "list", "fcr last month", "scorecard", "explain fcr"]));
  });

  it("takes a separate Teams app id, version and developer from the environment, JSON-escaped", () => {
    const manifest = filled({
      ...ENV,
      TEAMS_APP_ID: "11111111-2222-4333-8444-555555555555",
      TEAMS_DEVELOPER_NAME: 'DSI "Nord"',
      TEAMS_APP_VERSION: "2.0.1",
    });
    expect(manifest.id).toBe("11111111-2222-4333-8444-555555555555");
    expect(manifest.bots[0]?.botId).toBe(APP_ID);
    expect(manifest.developer).toMatchObject({ name: 'DSI "Nord"', websiteUrl: "https://kpibot.example.org" });
  });

  it("says which variables are missing or malformed", () => {
    expect(manifestValues({}, "1.0.0").problems).toEqual([
      "MICROSOFT_APP_ID: set it to the Azure Bot's Microsoft App ID",
      "TEAMS_WEBSITE_URL (or KPIBOT_PUBLIC_URL): an https URL is required by Teams",
    ]);
    expect(
      manifestValues({ MICROSOFT_APP_ID: "abc", KPIBOT_PUBLIC_URL: "http://kpibot.lan" }, "1.0.0").problems,
    ).toEqual([
      "MICROSOFT_APP_ID: must be a GUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "TEAMS_APP_ID: must be a GUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "TEAMS_WEBSITE_URL: must start with https:// (got http://kpibot.lan)",
      "TEAMS_PRIVACY_URL: must start with https:// (got http://kpibot.lan)",
      "TEAMS_TERMS_URL: must start with https:// (got http://kpibot.lan)",
    ]);
  });
});

describe("Teams icons", () => {
  const color = PNG.sync.read(readFileSync(join(MANIFEST_DIR, "color.png")));
  const outline = PNG.sync.read(readFileSync(join(MANIFEST_DIR, "outline.png")));

  it("are 192×192 (colour) and 32×32 (outline)", () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(pngSize(readFileSync(join(MANIFEST_DIR, "outline.png")))).toEqual({ width: 32, height: 32 });
    expect(pngSize(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it("has a white-on-transparent outline icon", () => {
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = [outline.data[i], outline.data[i + 1], outline.data[i + 2], outline.data[i + 3]];
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else throw new Error(`outline pixel ${i / 4} is neither transparent nor white: ${r},${g},${b},${a}`);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(white).toBeGreaterThan(32);
  });

  it("match what the package script draws (--icons)", () => {
    expect(PNG.sync.read(drawColorIcon()).data).toEqual(color.data);
    expect(PNG.sync.read(drawOutlineIcon()).data).toEqual(outline.data);
  });
});

describe("the app package", () => {
  it("zips manifest.json, color.png and outline.png at the root", () => {
    const manifest = new TextEncoder().encode(JSON.stringify(filled()));
    const zip = zipPackage({
      "manifest.json": manifest,
      "color.png": readFileSync(join(MANIFEST_DIR, "color.png")),
      "outline.png": readFileSync(join(MANIFEST_DIR, "outline.png")),
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect((JSON.parse(strFromU8(files["manifest.json"] ?? new Uint8Array())) as Manifest).id).toBe(APP_ID);
  });

  it("is built by npm run teams:package (scripts/teams-package.ts)", () => {
    const dir = mkdtempSync(join(tmpdir(), "kpibot-teams-"));
    try {
      const out = join(dir, "kpibot-teams.zip");
      const stdout = execFileSync(process.execPath, ["--import", "tsx", "scripts/teams-package.ts", "--out", out], {
        env: { ...process.env, ...ENV, TEAMS_APP_VERSION: "3.4.5" },
        encoding: "utf8",
      });
      expect(stdout).toContain(`Teams app package written to ${out}`);
      const files = unzipSync(readFileSync(out));
      const manifest = JSON.parse(strFromU8(files["manifest.json"] ?? new Uint8Array())) as Manifest & {
        version: string;
      };
      expect(manifest).toMatchObject({ id: APP_ID, version: "3.4.5" });
      expect(pngSize(files["color.png"] ?? new Uint8Array())).toEqual({ width: 192, height: 192 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
