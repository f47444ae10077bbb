import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_SCOPES, EVENT_SCOPES, SLACK_API_METHODS, SLACK_APP_TOKEN_METHODS } from "../../adapters/slack/api.js";

const root = process.cwd();

// Written from Slack's method and event reference pages (the "Scopes" facts), independently of the adapter's table.
const SCOPES_FROM_SLACK_DOCS: Record<string, string[]> = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  // Needs the history scope of the conversation's kind (public, private, DM, group DM).
  "conversations.history": ["channels:history", "groups:history", "im:history", "mpim:history"],
  // docs.slack.dev conversations.open: im:write opens a DM (the other scopes it lists are for group DMs and
  // channels, which kpibot never opens).
  "conversations.open": ["im:write"],
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  "users.info": ["users:read"],
  // docs.slack.dev users.lookupByEmail: Bot token scope users:read.email.
  "users.lookupByEmail": ["users:read.email"],
  "views.publish": [],
  app_home_opened: [],
  member_joined_channel: ["channels:read", "groups:read"],
  // docs.slack.dev: app_mention needs app_mentions:read; message.im (DMs to the app) needs im:history.
  app_mention: ["app_mentions:read"],
  "message.im": ["im:history"],
};

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: { command: string; url?: string; should_escape: boolean }[];
    bot_user: { display_name: string };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const read = (name: string) => JSON.parse(readFileSync(join(root, "manifest", name), "utf8")) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("Slack app manifest", () => {
  const needed = [
    ...new Set([...Object.values(SLACK_API_METHODS).flat(), ...Object.values(EVENT_SCOPES).flat(), ...COMMAND_SCOPES]),
  ].sort();

  it("the adapter's scope table agrees with Slack's reference", () => {
    const table: Record<string, readonly string[]> = { ...SLACK_API_METHODS, ...EVENT_SCOPES };
    expect(Object.keys(table).sort()).toEqual(Object.keys(SCOPES_FROM_SLACK_DOCS).sort());
    for (const [name, scopes] of Object.entries(SCOPES_FROM_SLACK_DOCS))
      expect([...(table[name] ?? [])].sort()).toEqual(scopes.sort());
    expect(SLACK_APP_TOKEN_METHODS["apps.connections.open"]).toEqual(["connections:write"]);
  });

  it.each(["slack.json", "slack.socket-mode.json"])("%s grants exactly the bot scopes the code needs", (file) => {
    const m = read(file);
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(needed);
    expect(needed).toEqual([
      "app_mentions:read",
      "channels:history",
      "channels:read",
      "chat:write",
      "commands",
      "files:write",
      "groups:history",
      "groups:read",
      "im:history",
      "im:write",
      "mpim:history",
      "users:read",
      "users:read.email",
    ]);
    for (const [method, scopes] of Object.entries(SLACK_API_METHODS)) {
      for (const scope of scopes) expect(m.oauth_config.scopes.bot, `${method} needs ${scope}`).toContain(scope);
    }
  });

  it.each(["slack.json", "slack.socket-mode.json"])(
    "%s declares /kpi, interactivity, the Home tab and the events used",
    (file) => {
      const m = read(file);
      expect(m.features.slash_commands.map((c) => c.command)).toEqual(["/kpi"]);
      expect(m.features.app_home.home_tab_enabled).toBe(true);
      // DMs to kpibot arrive through its Messages tab, which must accept messages.
      expect(m.features.app_home.messages_tab_enabled).toBe(true);
      expect(m.features.app_home.messages_tab_read_only_enabled).toBe(false);
      expect(m.settings.interactivity.is_enabled).toBe(true);
      expect([...m.settings.event_subscriptions.bot_events].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    },
  );

  it("HTTP manifest: commands, interactivity and events on the one URL /slack/events; Socket Mode manifest: no URLs", () => {
    const http = read("slack.json");
    const urls = [
      http.features.slash_commands[0]?.url,
      http.settings.interactivity.request_url,
      http.settings.event_subscriptions.request_url,
    ];
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^https:\/\/.+\/slack\/events$/);
    expect(http.settings.socket_mode_enabled).toBe(false);
    const socket = read("slack.socket-mode.json");
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain("request_url");
  });

  it("the adapter calls the Web API only through callSlack with a declared method (or filesUploadV2 in api.ts)", () => {
    const files = sources(join(root, "adapters", "slack"));
    const called = new Set<string>();
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const name = relative(root, file);
      for (const m of text.matchAll(/callSlack\(\s*[\w.]+,\s*"([^"]+)"/g)) called.add(m[1] ?? "");
      // Direct SDK method calls (client.chat.postMessage(…), apiCall, filesUploadV2) would bypass the list.
      if (/\b\w*[cC]lient\.(chat|files|users|views|auth|conversations|apps|reactions|im)\.\w+\(/.test(text))
        offenders.push(name);
      if (name !== "adapters/slack/api.ts" && /\.(apiCall|filesUploadV2)\(/.test(text)) offenders.push(name);
    }
    expect(offenders).toEqual([]);
    expect([...called].filter((m) => !(m in SLACK_API_METHODS))).toEqual([]);
    expect(called.size).toBeGreaterThanOrEqual(5);
  });
});
