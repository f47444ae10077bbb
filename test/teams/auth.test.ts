import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../helpers/databases.js";
import { BOT_APP_ID, installedPersonal, PERSONAL, personalMessage } from "./helpers/activities.js";
import { startTokenIssuer, type TokenIssuer } from "./helpers/bot-tokens.js";
import { startTeamsHarness, type TeamsHarness } from "./helpers/harness.js";

let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await startTokenIssuer();
});
afterAll(async () => {
  await issuer.close();
});

describe.each(await testProviders())("Teams endpoint with MICROSOFT_APP_ID set (%s)", (provider) => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness(provider, {
      env: { MICROSOFT_APP_ID: BOT_APP_ID, MICROSOFT_APP_PASSWORD: "not-a-real-secret" },
      teams: { authOverrides: { ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl } },
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it("is not in emulator mode", () => {
    expect(h.teams.emulator).toBe(false);
  });

  it("answers 401 to a request without a token, and does nothing", async () => {
    const res = await h.post(personalMessage(h.connector.url, "fcr"));
    expect(res.status).toBe(401);
    expect(h.interactions).toHaveLength(0);
    expect(h.connector.requests).toHaveLength(0);
    expect(await h.test.app.repos.conversations.find("teams", PERSONAL)).toBeNull();
  });

  it("answers 401 to a token signed with an unknown key, for another bot, or for another serviceUrl", async () => {
    const activity = installedPersonal(h.connector.url);
    const forged = issuer.token({ appId: BOT_APP_ID, serviceUrl: h.connector.url, key: "other" });
    const otherBot = issuer.token({ appId: "11111111-2222-4333-8444-555555555555", serviceUrl: h.connector.url });
    const otherUrl = issuer.token({ appId: BOT_APP_ID, serviceUrl: "https://smba.trafficmanager.net/emea/" });
    for (const token of [forged, otherBot, otherUrl, "not-a-jwt"]) {
      expect((await h.post(activity, { authorization: `Bearer ${token}` })).status).toBe(401);
    }
    expect(await h.test.app.repos.conversations.find("teams", PERSONAL)).toBeNull();
  });

  it("accepts a valid Bot Framework token", async () => {
    const token = issuer.token({ appId: BOT_APP_ID, serviceUrl: h.connector.url });
    const res = await h.post(installedPersonal(h.connector.url), { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(await h.test.app.repos.conversations.find("teams", PERSONAL)).toMatchObject({ serviceUrl: h.connector.url });
  });
});
