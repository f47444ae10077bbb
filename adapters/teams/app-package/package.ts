import { strFromU8, zipSync } from "fflate";

/** Where the manifest template and icons live, relative to the project root. */
export const MANIFEST_DIR = "manifest/teams";

/** The files of a Teams app package; Teams wants them at the root of the zip. */
export const PACKAGE_FILES = ["manifest.json", "color.png", "outline.png"] as const;

/**
 * The `${{NAME}}` placeholders of manifest/teams/manifest.json and where their values come from
 * (documented in docs/teams.md). Defaults are applied in this order.
 */
export const PLACEHOLDERS = {
  MICROSOFT_APP_ID: "the Azure Bot's Microsoft App ID (a GUID); required",
  TEAMS_APP_ID: "the Teams app id (a GUID); defaults to MICROSOFT_APP_ID",
  TEAMS_APP_VERSION: "the app version (semver); defaults to kpibot's version — bump it for each re-upload",
  TEAMS_DEVELOPER_NAME: "who publishes the app (max 32 characters); defaults to 'IT department'",
  TEAMS_WEBSITE_URL: "an https page about kpibot; defaults to KPIBOT_PUBLIC_URL",
  TEAMS_PRIVACY_URL: "an https privacy notice; defaults to TEAMS_WEBSITE_URL",
  TEAMS_TERMS_URL: "an https terms-of-use page; defaults to TEAMS_WEBSITE_URL",
} as const;

/** One manifest placeholder. */
export type Placeholder = keyof typeof PLACEHOLDERS;

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** Values for every placeholder from the environment, and what is missing or malformed. */
export function manifestValues(
  env: Record<string, string | undefined>,
  kpibotVersion: string,
): { values: Partial<Record<Placeholder, string>>; problems: string[] } {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const website = get("TEAMS_WEBSITE_URL") ?? get("KPIBOT_PUBLIC_URL");
  const values: Partial<Record<Placeholder, string>> = {
    MICROSOFT_APP_ID: get("MICROSOFT_APP_ID"),
    TEAMS_APP_ID: get("TEAMS_APP_ID") ?? get("MICROSOFT_APP_ID"),
    TEAMS_APP_VERSION: get("TEAMS_APP_VERSION") ?? kpibotVersion,
    TEAMS_DEVELOPER_NAME: get("TEAMS_DEVELOPER_NAME") ?? "IT department",
    TEAMS_WEBSITE_URL: website,
    TEAMS_PRIVACY_URL: get("TEAMS_PRIVACY_URL") ?? website,
    TEAMS_TERMS_URL: get("TEAMS_TERMS_URL") ?? website,
  };
  const problems: string[] = [];
  if (!values.MICROSOFT_APP_ID) problems.push("MICROSOFT_APP_ID: set it to the Azure Bot's Microsoft App ID");
  for (const name of ["MICROSOFT_APP_ID", "TEAMS_APP_ID"] as const) {
    const v = values[name];
    if (v && !GUID.test(v)) problems.push(`${name}: must be a GUID such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`);
  }
  if (!website) problems.push("TEAMS_WEBSITE_URL (or KPIBOT_PUBLIC_URL): an https URL is required by Teams");
  for (const name of ["TEAMS_WEBSITE_URL", "TEAMS_PRIVACY_URL", "TEAMS_TERMS_URL"] as const) {
    const v = values[name];
    if (v && !v.startsWith("https://")) problems.push(`${name}: must start with https:// (got ${v})`);
  }
  if (values.TEAMS_DEVELOPER_NAME && values.TEAMS_DEVELOPER_NAME.length > 32) {
    problems.push("TEAMS_DEVELOPER_NAME: at most 32 characters");
  }
  return { values, problems };
}

/** Replaces each `${{NAME}}` of the template (JSON-escaped); names without a value are reported. */
export function fillManifest(
  template: string,
  values: Partial<Record<string, string>>,
): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const text = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unresolved.add(name);
      return whole;
    }
    // The placeholder sits inside a JSON string: escape the value as JSON string content.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text, unresolved: [...unresolved] };
}

/** Width and height of a PNG, read from its IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  if (strFromU8(bytes.subarray(12, 16)) !== "IHDR") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The zip Teams accepts: manifest.json, color.png and outline.png at its root. */
export function zipPackage(files: Record<(typeof PACKAGE_FILES)[number], Uint8Array>): Uint8Array {
  // A fixed date keeps the zip byte-identical for identical inputs.
  const mtime = new Date("2026-01-01T00:00:00Z");
  return zipSync(Object.fromEntries(PACKAGE_FILES.map((name) => [name, [files[name], { mtime }]])), { level: 9 });
}
