import { afterEach, describe, expect, it } from "vitest";
import { buildSurfaces } from "../../adapters/surfaces.js";
import { createHttp } from "../../src/http/server.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { testProviders } from "../helpers/databases.js";
import { personalMessage, TENANT } from "../teams/helpers/activities.js";
import { startTeamsHarness, type TeamsHarness } from "../teams/helpers/harness.js";

/** What @hono/node-server hands a route about the TCP peer: here, a machine elsewhere on the network. */
const REMOTE = { incoming: { socket: { remoteAddress: "203.0.113.7" } } };
const LOOPBACK = { incoming: { socket: { remoteAddress: "::ffff:127.0.0.1" } } };

const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe.each(await testProviders())("the Teams route is not an open door (%s)", (provider) => {
  let t: TestApp | undefined;
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await t?.close();
    await h?.close();
    t = undefined;
    h = undefined;
  });

  it("is not mounted without MICROSOFT_APP_ID unless KPIBOT_TEAMS_EMULATOR=on (Slack-only and bare deployments)", async () => {
    t = await createTestApp(provider, { env: { KPIBOT_SEED_DEMO: "false" } });
    const http = createHttp(t.app, buildSurfaces(t.app).routes);
    const res = await http.request(
      "/api/messages",
      post(personalMessage("http://127.0.0.1:9/", "role list")),
      LOOPBACK,
    );
    expect(res.status).toBe(404);
    expect(buildSurfaces(t.app).messengers.teams).toBeUndefined();
  });

  it("in emulator mode answers this machine only, and refuses expectReplies", async () => {
    h = await startTeamsHarness(provider, { env: { KPIBOT_TEAMS_EMULATOR: "on" } });
    const activity = personalMessage(h.connector.url, "fcr last month", { id: "remote-1" });
    const remote = await h.http.request("/api/messages", post(activity), REMOTE);
    expect(remote.status).toBe(403);
    expect(h.interactions).toHaveLength(0);

    const expectReplies = {
      ...personalMessage(h.connector.url, "fcr last month", { id: "er-1" }),
      deliveryMode: "expectReplies",
    };
    const refused = await h.http.request("/api/messages", post(expectReplies), LOOPBACK);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toMatch(/fcr|First contact/i);
    expect(h.interactions).toHaveLength(0);

    const local = await h.http.request(
      "/api/messages",
      post(personalMessage(h.connector.url, "fcr", { id: "ok-1" })),
      LOOPBACK,
    );
    expect(local.status).toBe(200);
    expect(h.interactions).toHaveLength(1);
  });

  it("answers only the tenants of KPIBOT_TEAMS_TENANTS when it is set", async () => {
    h = await startTeamsHarness(provider, { env: { KPIBOT_TEAMS_TENANTS: "00000000-0000-0000-0000-00000000beef" } });
    const refused = await h.post(personalMessage(h.connector.url, "fcr", { id: "tenant-1" }));
    expect(refused.status).toBe(403);
    expect(h.interactions).toHaveLength(0);
    await h.close();
    h = await startTeamsHarness(provider, { env: { KPIBOT_TEAMS_TENANTS: `other, ${TENANT.toUpperCase()}` } });
    expect((await h.post(personalMessage(h.connector.url, "fcr", { id: "tenant-2" }))).status).toBe(200);
    expect(h.interactions).toHaveLength(1);
  });
});
