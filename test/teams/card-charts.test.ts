import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { chartImagesRoutes } from "../../src/http/chart-images.js";
import { createHttp } from "../../src/http/server.js";
import { testProviders } from "../helpers/databases.js";
import { kpiAnswer } from "./fixtures/replies.js";
import { personalMessage } from "./helpers/activities.js";
import { startTeamsHarness, type TeamsHarness } from "./helpers/harness.js";
import { cardProblems } from "./helpers/validate-card.js";

const SECRET = "kpibot-test-secret-0123456789abcdef";
const chartPng = new Uint8Array(PNG.sync.write(new PNG({ width: 40, height: 20 })));

type Body = { attachments: { content: { body: { type: string; url?: string }[] } }[] };

function imageUrl(body: Record<string, unknown>): string | undefined {
  return (body as unknown as Body).attachments[0]?.content.body.find((e) => e.type === "Image")?.url;
}

describe.each(await testProviders())("charts in Teams cards (%s)", (provider) => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
  });

  it("links the chart to kpibot's own signed, expiring URL, which serves the PNG", async () => {
    h = await startTeamsHarness(provider, {
      env: { KPIBOT_PUBLIC_URL: "https://kpibot.example.org", KPIBOT_SECRET: SECRET },
      reply: kpiAnswer,
      teams: { draw: async () => ({ kind: "png", bytes: chartPng, width: 40, height: 20 }) },
    });
    await h.post(personalMessage(h.connector.url, "fcr", { id: "act-c1" }));
    const body = h.connector.requests[0]?.body ?? {};
    expect(cardProblems((body as unknown as Body).attachments[0]?.content)).toEqual([]);
    const url = imageUrl(body);
    expect(url).toMatch(/^https:\/\/kpibot\.example\.org\/charts\/[A-Za-z0-9_-]+\.png\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    // The same kpibot (any replica with the same secret) serves it.
    const http = createHttp(h.test.app, [
      chartImagesRoutes({
        secret: SECRET,
        draw: async () => ({ kind: "png", bytes: chartPng, width: 40, height: 20 }),
      }),
    ]);
    const res = await http.request(url?.replace("https://kpibot.example.org", "") ?? "");
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(chartPng);
  });

  it("inlines a small chart as a data: URI when kpibot has no public URL", async () => {
    h = await startTeamsHarness(provider, {
      reply: kpiAnswer,
      teams: { draw: async () => ({ kind: "png", bytes: chartPng, width: 40, height: 20 }) },
    });
    await h.post(personalMessage(h.connector.url, "fcr", { id: "act-c2" }));
    expect(imageUrl(h.connector.requests[0]?.body ?? {})).toBe(
      `data:image/png;base64,${Buffer.from(chartPng).toString("base64")}`,
    );
  });
});
