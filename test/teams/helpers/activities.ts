/**
 * Bot Framework activities as Microsoft Teams sends them (shapes copied from real Teams payloads,
 * ids shortened). Each builder takes the fake connector's URL as serviceUrl.
 */

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const BOT_APP_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
export const BOT = { id: `28:${BOT_APP_ID}`, name: "kpibot" };
export const ALICE = {
  id: "29:1qL3kM8vXyAlice",
  name: "Alice Martin",
  aadObjectId: "6b4f2a4e-1d1c-4c2e-9a55-0f3e5f1d2a11",
};
export const CHANNEL = "19:4a1b9f2e0c7d4e8f@thread.tacv2";
export const TEAM = "19:8c2d7e1f3a4b@thread.tacv2";
export const PERSONAL = "a:1Yx9personalChatWithAlice";

type Json = Record<string, unknown>;

function clientInfo(locale: string): Json {
  return { locale, country: locale.slice(3), platform: "Web", timezone: "Europe/Paris", type: "clientInfo" };
}

/** A message typed in the personal (1:1) chat with the bot. */
export function personalMessage(serviceUrl: string, text: string, opts: { id?: string; locale?: string } = {}): Json {
  const locale = opts.locale ?? "en-US";
  return {
    text,
    textFormat: "plain",
    type: "message",
    timestamp: "2026-11-28T09:15:00.123Z",
    localTimestamp: "2026-11-28T10:15:00.123+01:00",
    id: opts.id ?? "1732785300123",
    channelId: "msteams",
    serviceUrl,
    from: ALICE,
    conversation: { conversationType: "personal", tenantId: TENANT, id: PERSONAL },
    recipient: BOT,
    entities: [clientInfo(locale)],
    channelData: { tenant: { id: TENANT } },
    locale,
    localTimezone: "Europe/Paris",
  };
}

/** A channel post that @mentions the bot (the mention is part of `text`, with a mention entity). */
export function channelMention(serviceUrl: string, text: string, opts: { id?: string; locale?: string } = {}): Json {
  const locale = opts.locale ?? "fr-FR";
  const id = opts.id ?? "1732785400456";
  return {
    text: `<at>kpibot</at> ${text}\n`,
    textFormat: "plain",
    attachments: [
      {
        contentType: "text/html",
        content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">kpibot</span> ${text}</div></div>`,
      },
    ],
    type: "message",
    timestamp: "2026-11-28T09:16:40.456Z",
    id,
    channelId: "msteams",
    serviceUrl,
    from: ALICE,
    conversation: { isGroup: true, conversationType: "channel", tenantId: TENANT, id: `${CHANNEL};messageid=${id}` },
    recipient: BOT,
    entities: [{ mentioned: BOT, text: "<at>kpibot</at>", type: "mention" }, clientInfo(locale)],
    channelData: {
      teamsChannelId: CHANNEL,
      teamsTeamId: TEAM,
      channel: { id: CHANNEL, name: "Service desk" },
      team: { id: TEAM, name: "IT Operations" },
      tenant: { id: TENANT },
    },
    locale,
  };
}

/** The message activity Teams sends when a user clicks an Action.Submit button of a bot card. */
export function cardSubmit(
  serviceUrl: string,
  data: { actionId: string; value: string },
  opts: { id?: string; replyToId?: string; locale?: string } = {},
): Json {
  const locale = opts.locale ?? "en-US";
  const replyToId = opts.replyToId ?? "bot-msg-1";
  return {
    type: "message",
    timestamp: "2026-11-28T09:17:05.789Z",
    id: opts.id ?? "1732785425789",
    channelId: "msteams",
    serviceUrl,
    from: ALICE,
    conversation: { conversationType: "personal", tenantId: TENANT, id: PERSONAL },
    recipient: BOT,
    entities: [clientInfo(locale)],
    channelData: { tenant: { id: TENANT }, source: { name: "message" }, legacy: { replyToId } },
    replyToId,
    value: data,
    locale,
  };
}

/** The conversationUpdate Teams sends when the bot is added to a team. */
export function botAddedToTeam(serviceUrl: string): Json {
  return {
    membersAdded: [{ id: BOT.id }],
    type: "conversationUpdate",
    timestamp: "2026-11-28T09:00:00.000Z",
    id: "f:2a7c1c1e-93ab-4b3f-9c55-1d1f0e2b3c4d",
    channelId: "msteams",
    serviceUrl,
    from: { id: ALICE.id, aadObjectId: ALICE.aadObjectId },
    conversation: { isGroup: true, conversationType: "channel", tenantId: TENANT, id: CHANNEL },
    recipient: BOT,
    channelData: {
      team: { aadGroupId: "c0ffee00-0000-4000-8000-000000000001", name: "IT Operations", id: TEAM },
      eventType: "teamMemberAdded",
      tenant: { id: TENANT },
    },
  };
}

/** The installationUpdate Teams sends when a user installs the app in personal scope. */
export function installedPersonal(serviceUrl: string): Json {
  return {
    action: "add",
    type: "installationUpdate",
    timestamp: "2026-11-28T08:59:00.000Z",
    id: "f:5e3b8d1c-0a7f-4c2e-b9d1-7a6c5b4e3d21",
    channelId: "msteams",
    serviceUrl,
    from: ALICE,
    conversation: { conversationType: "personal", tenantId: TENANT, id: PERSONAL },
    recipient: BOT,
    entities: [clientInfo("en-US")],
    channelData: { tenant: { id: TENANT }, source: null },
    locale: "en-US",
  };
}
