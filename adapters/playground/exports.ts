import type { App } from "../../src/app.js";
import type { Reply } from "../../src/reply/types.js";
import { rowsCsv } from "../../src/rows/rows-csv.js";
import type { ChartCache } from "./chart-images.js";

/** Where the playground serves the CSV exports of its replies (`<path>/<id>.csv`, this machine only). */
export const EXPORT_PATH = "/playground/exports";

/**
 * The reply with each file (a CSV export) computed now and kept for an hour in the playground's own cache, its link
 * pointing there: the playground is a local try-out served by kpibot itself, so it needs neither KPIBOT_SECRET nor
 * KPIBOT_PUBLIC_URL to download an export. A file that cannot be made keeps what the core gave.
 */
export async function withPlaygroundFiles(app: App, reply: Reply, files: ChartCache): Promise<Reply> {
  if (!reply.blocks.some((b) => b.type === "file")) return reply;
  const blocks = await Promise.all(
    reply.blocks.map(async (block) => {
      if (block.type !== "file") return block;
      try {
        const csv = await rowsCsv(app.kpi, block.file.spec, { ticketUrl: app.config.KPIBOT_TICKET_URL });
        const id = files.put(Buffer.from(csv.csv, "utf8"));
        return { ...block, file: { ...block.file, url: `${EXPORT_PATH}/${id}.csv` } };
      } catch (err) {
        app.logger.error({ err }, "playground: the export could not be made");
        return block;
      }
    }),
  );
  return { ...reply, blocks };
}
