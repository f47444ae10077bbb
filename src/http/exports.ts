import type { Hono } from "hono";
import type { App } from "../app.js";
import { EXPORTS_PATH, readExportLink } from "../rows/export-link.js";
import { rowsCsv } from "../rows/rows-csv.js";

const TOKEN_RE = /^([A-Za-z0-9_-]{1,6000})\.csv$/;

/**
 * `GET /exports/<token>.csv?exp&sig`: the CSV of an export offered in a chat answer (Teams, Mattermost, Matrix, the
 * playground; Slack gets an upload). The link is signed and expires (24 h); its token is the export's spec, which
 * says whether the assignee column may be included — decided for the asker when the link was made, and sealed, so
 * it cannot be changed. Computed on demand by any replica; never cached (the file may hold people's names).
 */
export function exportRoutes(opts: { secret: string }): (http: Hono, app: App) => void {
  return (http, app) => {
    http.get(`${EXPORTS_PATH}/:file`, async (c) => {
      const token = TOKEN_RE.exec(c.req.param("file"))?.[1];
      if (!token) return c.text("not found", 404);
      const link = readExportLink(opts.secret, token, c.req.query("exp"), c.req.query("sig"), app.clock.now());
      if (!link.ok) {
        const words = { 403: "forbidden", 404: "not found", 410: "this download link has expired: ask kpibot again" };
        return c.text(words[link.status], link.status);
      }
      const file = await rowsCsv(app.kpi, link.spec, { ticketUrl: app.config.KPIBOT_TICKET_URL });
      app.logger.info({ kpi: link.spec.kpi, rows: file.rows }, "export downloaded");
      return c.body(file.csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.name}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      });
    });
  };
}
