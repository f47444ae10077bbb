import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConversationRef } from "../../src/core/interaction.js";
import type { Messenger } from "../../src/core/messenger.js";
import type { Reply } from "../../src/reply/types.js";
import { openDb } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { runKpibot } from "../helpers/cli.js";
import { createTestDatabase, type TestDatabase } from "../helpers/databases.js";
import { csv, HEADER, tempDir } from "./fixtures.js";

// `kpibot import tickets` with KPIBOT_TICKET_SURVEYS=on: a ticket that arrives resolved sends its
// requester (mapped to a chat user by e-mail) the one-question CSAT, once, through the platform's messenger.
describe("kpibot import tickets → ticket surveys", () => {
  let database: TestDatabase;
  const dir = tempDir();
  const posted: { ref: ConversationRef; reply: Reply }[] = [];
  const slack: Messenger = {
    post: async (ref, reply) => {
      posted.push({ ref, reply });
      return { messageId: `m${posted.length}` };
    },
    update: async () => undefined,
  };

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await migrate(database.url);
    const db = await openDb(database.url);
    await db.prisma.chatUser.create({ data: { platform: "slack", platformUserId: "U42", email: "ana@example.org" } });
    await db.close();
    vi.stubEnv("DATABASE_URL", database.url);
    vi.stubEnv("LOG_LEVEL", "silent");
    vi.stubEnv("KPIBOT_TICKET_SURVEYS", "on");
    vi.stubEnv("KPIBOT_SECRET", "a-test-secret-of-32-characters!!");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    process.exitCode = undefined;
    await database.drop();
    dir.remove();
  });

  it("DMs the requester of a newly resolved ticket once, and not again on re-import", async () => {
    const opened = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const resolved = new Date(Date.now() - 3_600_000).toISOString();
    const file = dir.write(
      "t.csv",
      csv(
        HEADER,
        `INC-9,incident,VPN down,network,VPN,2,phone,Service Desk,alice,ana@example.org,${opened},,${resolved},,,,1,true,0,false`,
        `INC-10,incident,Still open,network,VPN,2,phone,Service Desk,alice,ana@example.org,${opened},,,,,,1,,0,false`,
      ),
    );
    const messengers = async () => ({ slack });
    const run = () => runKpibot(["import", "tickets", file], { platform: { messengers } });
    expect((await run()).code).toBe(0);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.ref).toMatchObject({ platform: "slack", conversationId: "U42" });
    expect(JSON.stringify(posted[0]?.reply.blocks)).toContain("INC-9");
    expect((await run()).code).toBe(0);
    expect(posted).toHaveLength(1);
  });
});
