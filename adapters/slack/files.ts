import type { Logger } from "../../src/logger.js";
import type { Reply } from "../../src/reply/types.js";
import { rowsCsv } from "../../src/rows/rows-csv.js";
import { callSlack, uploadFile } from "./api.js";
import type { SlackDeps } from "./deps.js";
import type { FileDelivery } from "./render/blocks.js";

/** Where the asker is: the conversation the answer goes to, and who asked. */
export interface AskerPlace {
  channelId?: string | undefined;
  userId?: string | undefined;
}

/**
 * Uploads the files a reply offers (the CSV of an export) where the asker can take them: into the conversation
 * when the answer is shared there, else into the asker's direct messages with kpibot — a file uploaded to the
 * channel would show everyone a private answer's rows. The content is computed here, from the export's spec,
 * as kpibot's download link would (src/rows/rows-csv.ts). A file that cannot be uploaded costs nothing else:
 * the renderer then shows the download link, or how to get one.
 */
export async function uploadReplyFiles(
  deps: SlackDeps,
  reply: Reply,
  place: AskerPlace,
  shared: boolean,
  logger: Logger,
): Promise<(FileDelivery | undefined)[]> {
  const files = reply.blocks.flatMap((b) => (b.type === "file" ? [b.file] : []));
  if (files.length === 0) return [];
  const out: (FileDelivery | undefined)[] = [];
  for (const file of files) {
    try {
      const target = await targetOf(deps, place, shared);
      if (!target) {
        out.push(undefined);
        continue;
      }
      const csv = await rowsCsv(deps.app.kpi, file.spec, { ticketUrl: deps.app.config.KPIBOT_TICKET_URL });
      await uploadFile(deps.client, Buffer.from(csv.csv, "utf8"), {
        filename: csv.name,
        title: file.title,
        channelId: target.channelId,
      });
      out.push(target.delivery);
    } catch (err) {
      logger.warn({ err, file: file.name }, "slack: could not upload the export; the answer says how to get it");
      out.push(undefined);
    }
  }
  return out;
}

async function targetOf(
  deps: SlackDeps,
  place: AskerPlace,
  shared: boolean,
): Promise<{ channelId: string; delivery: FileDelivery } | undefined> {
  if (shared && place.channelId) return { channelId: place.channelId, delivery: "conversation" };
  if (!place.userId) return undefined;
  const opened = (await callSlack(deps.client, "conversations.open", { users: place.userId })) as {
    channel?: { id?: string };
  };
  const id = opened.channel?.id;
  return id ? { channelId: id, delivery: "direct" } : undefined;
}
