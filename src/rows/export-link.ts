import { z } from "zod";
import { openSealed, sealedUrl, verifySealed } from "../core/sealed-links.js";
import { DIMENSIONS, type Dimension } from "../kpi/types.js";
import type { ExportSpec } from "../reply/types.js";

/** Where kpibot serves exports (`GET /exports/<token>.csv?exp&sig`). */
export const EXPORTS_PATH = "/exports";

/** The purpose the link keys are derived for (never the chart links' keys). */
const PURPOSE = { name: "export-links", version: "v1" };

/** How long a download link works: long enough to click it, short for a file that may hold people's names. */
export const EXPORT_LINK_TTL_MS = 24 * 3600_000;

const specSchema = z.object({
  kind: z.literal("ticket-rows"),
  kpi: z.string().min(1).max(64),
  start: z.number().int(),
  end: z.number().int(),
  asOf: z.number().int(),
  filters: z
    .array(z.object({ dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]), value: z.string().max(300) }))
    .max(10),
  assignee: z.boolean(),
  timezone: z.string().min(1).max(64),
  name: z.string().regex(/^[A-Za-z0-9._-]{1,80}\.csv$/),
});

/**
 * kpibot's signed download link of an export: the spec encrypted into the token, so any replica serves it and the
 * link tells nothing (which KPI, which filters) to whoever reads it in a log. Under `publicUrl`, else kpibot's own
 * path (which only the playground, served by kpibot itself, can follow). Null without KPIBOT_SECRET.
 */
export function exportUrl(
  config: { KPIBOT_SECRET?: string | undefined; KPIBOT_PUBLIC_URL?: string | undefined },
  spec: ExportSpec,
  now: Date,
): string | null {
  if (!config.KPIBOT_SECRET) return null;
  return sealedUrl({
    base: config.KPIBOT_PUBLIC_URL ?? "",
    path: EXPORTS_PATH,
    ext: "csv",
    secret: config.KPIBOT_SECRET,
    purpose: PURPOSE,
    payload: spec,
    now,
    ttlMs: EXPORT_LINK_TTL_MS,
  });
}

/** The spec of a download link: `ok` with it, or why the link is refused. */
export function readExportLink(
  secret: string,
  token: string,
  exp: string | undefined,
  sig: string | undefined,
  now: Date,
): { ok: true; spec: ExportSpec } | { ok: false; status: 403 | 404 | 410 } {
  const verdict = verifySealed(secret, PURPOSE, token, exp, sig, now);
  if (verdict === "invalid") return { ok: false, status: 403 };
  if (verdict === "expired") return { ok: false, status: 410 };
  const parsed = specSchema.safeParse(openSealed(secret, PURPOSE, token, Number(exp)));
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, status: 404 };
}
