import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import type { Interaction } from "../../src/core/interaction.js";
import { type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { type Harness, scriptedHandle, startHarness } from "./harness.js";

/** A local stand-in for Slack's Socket Mode server: hello, envelopes out, acks in. */
interface SocketServer {
  url: string;
  acks: { envelope_id: string; payload?: unknown }[];
  connections: number;
  send(envelope: Record<string, unknown>): void;
  /** Resolves when the client acknowledged `envelopeId`. */
  acked(envelopeId: string): Promise<void>;
  close(): Promise<void>;
}

async function startSocketServer(): Promise<SocketServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const acks: SocketServer["acks"] = [];
  const waiting = new Map<string, () => void>();
  let socket: WebSocket | undefined;
  const server: SocketServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=t1&app_id=A1`,
    acks,
    connections: 0,
    send: (envelope) => socket?.send(JSON.stringify(envelope)),
    acked: (id) =>
      acks.some((a) => a.envelope_id === id) ? Promise.resolve() : new Promise((resolve) => waiting.set(id, resolve)),
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on("connection", (ws) => {
    socket = ws;
    server.connections += 1;
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: 1,
        connection_info: { app_id: "A1" },
        debug_info: { host: "local" },
      }),
    );
    ws.on("message", (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
      acks.push(ack);
      waiting.get(ack.envelope_id)?.();
    });
  });
  return server;
}

describe("Slack over Socket Mode (local WebSocket server speaking the envelope/ack protocol)", () => {
  let fake: FakeSlack;
  let ws: SocketServer;
  let h: Harness;
  let release: () => void = () => undefined;
  const seen: Interaction[] = [];
  beforeAll(async () => {
    fake = await startFakeSlack();
    ws = await startSocketServer();
    fake.socketUrl = ws.url;
    const scripted = scriptedHandle(seen);
    const gate = new Promise<void>((r) => {
      release = r;
    });
    h = await startHarness("sqlite", {
      fake,
      env: { SLACK_APP_TOKEN: "xapp-1-test" },
      // The first command is held until the test has seen its ack.
      handle: async (app, interaction) => {
        if (interaction.kind === "command" && interaction.text === "held") await gate;
        return scripted(app, interaction);
      },
    });
  });
  afterAll(async () => {
    release();
    await h.close();
    await ws.close();
    await fake.close();
  });

  it("connects with the app token through apps.connections.open on SLACK_API_URL", () => {
    const open = fake.callsOf("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.authorization).toBe("Bearer xapp-1-test");
    expect(ws.connections).toBe(1);
    expect(h.slack.settings.mode).toBe("socket");
  });

  it("acks a slash command envelope before the answer is computed, then answers via the response_url", async () => {
    ws.send({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        command: "/kpi",
        text: "held",
        response_url: `${fake.responseBase}/s1`,
        trigger_id: "trig-s1",
        user_id: "U42",
        team_id: "T1",
        channel_id: "C123",
        channel_name: "it-ops",
      },
    });
    await ws.acked("env-1");
    try {
      // An empty acknowledgement (no immediate message), sent while the answer is still held back.
      expect(ws.acks.find((a) => a.envelope_id === "env-1")?.payload ?? {}).toEqual({});
      expect(fake.responses).toEqual([]);
    } finally {
      release();
    }
    await h.slack.idle();
    expect(fake.responses).toHaveLength(1);
    expect(fake.responses[0]?.body.response_type).toBe("ephemeral");
  });

  it("handles interactive (button) and events_api envelopes; a redelivered event is answered once", async () => {
    ws.send({
      envelope_id: "env-2",
      type: "interactive",
      payload: {
        type: "block_actions",
        user: { id: "U42", name: "ada" },
        team: { id: "T1" },
        container: { type: "message", message_ts: "9.1", channel_id: "C123", is_ephemeral: true },
        channel: { id: "C123", name: "it-ops" },
        response_url: `${fake.responseBase}/s2`,
        actions: [{ action_id: "kpi.share#3", value: "fcr 2026-10", type: "button" }],
      },
    });
    const event = {
      type: "event_callback",
      team_id: "T1",
      event_id: "EvSOCK1",
      event: { type: "app_home_opened", user: "U42", tab: "home" },
    };
    ws.send({ envelope_id: "env-3", type: "events_api", payload: event, retry_attempt: 0 });
    ws.send({ envelope_id: "env-4", type: "events_api", payload: event, retry_attempt: 1, retry_reason: "timeout" });
    await Promise.all([ws.acked("env-2"), ws.acked("env-3"), ws.acked("env-4")]);
    await h.slack.idle();
    expect(fake.responses.find((r) => r.path === "/response/s2")?.body.response_type).toBe("in_channel");
    expect(fake.callsOf("views.publish")).toHaveLength(1);
  });

  it("answers a survey click envelope (the per-click lane, around Bolt): handled, acknowledged, confirmed once", async () => {
    const click = (envelopeId: string, retry?: number) =>
      ws.send({
        envelope_id: envelopeId,
        type: "interactive",
        ...(retry !== undefined ? { retry_attempt: retry, retry_reason: "timeout" } : {}),
        payload: {
          type: "block_actions",
          user: { id: "U77", name: "grace" },
          team: { id: "T1" },
          container: { type: "message", message_ts: "9.2", channel_id: "C123" },
          channel: { id: "C123", name: "it-ops" },
          response_url: `${fake.responseBase}/s5`,
          actions: [{ action_id: "survey.answer#2", value: "7:9:4", type: "button", action_ts: "1764000000.000100" }],
        },
      });
    const before = seen.length;
    click("env-5");
    click("env-6", 1);
    await Promise.all([ws.acked("env-5"), ws.acked("env-6")]);
    await h.slack.idle();
    const answers = seen.slice(before).filter((i) => i.kind === "action" && i.actionId === "survey.answer");
    // Slack's redelivery of the same click is handled again (an idempotent store) but confirmed once.
    expect(answers.length).toBeGreaterThanOrEqual(1);
    expect(answers[0]).toMatchObject({ value: "7:9:4", user: { platform: "slack", id: "U77" } });
    expect(fake.responses.filter((r) => r.path === "/response/s5")).toHaveLength(1);
  });
});
