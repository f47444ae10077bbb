import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Path of Microsoft's official Teams manifest schema for a manifestVersion, as shipped in @microsoft/app-manifest. */
export function officialSchemaPath(manifestVersion: string): string {
  const pkg = createRequire(import.meta.url).resolve("@microsoft/app-manifest/package.json");
  return join(dirname(pkg), "build", "json-schemas", "teams", `v${manifestVersion}`, "MicrosoftTeams.schema.json");
}

/**
 * Validates a manifest against the official schema matching its manifestVersion, with the
 * validator @microsoft/app-manifest ships (ajv, draft-04, formats). A development dependency:
 * loaded only when called (the package script, tests). Returns the errors, [] when valid.
 */
export async function manifestSchemaErrors(manifest: { manifestVersion?: unknown }): Promise<string[]> {
  if (typeof manifest.manifestVersion !== "string") return ["manifestVersion: missing"];
  const schema: unknown = JSON.parse(readFileSync(officialSchemaPath(manifest.manifestVersion), "utf8"));
  const { AppManifestUtils } = await import("@microsoft/app-manifest");
  type Args = Parameters<typeof AppManifestUtils.validateAgainstSchema>;
  return AppManifestUtils.validateAgainstSchema(manifest as Args[0], schema as Args[1]);
}
