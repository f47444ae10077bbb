import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { App as BoltApp, Receiver, ReceiverEvent } from "@slack/bolt";
import { ReceiverMultipleAckError } from "@slack/bolt";
import type { Context } from "hono";
import type { Clock } from "../../../src/core/clock.js";
import type { Logger } from "../../../src/logger.js";
import { type DirectLane, InFlight, NO_WATCH, processEvent, type RequestWatch } from "./in-flight.js";
import { verifySignature } from "./verify.js";

/**
 * A Bolt receiver fed by the shared Hono server's `POST /slack/events` (commands, interactivity and
 * events on one URL). It verifies the signature on the raw body, hands the request to Bolt, and
 * answers Slack as soon as the listener acknowledges — the work after `ack()` goes on in the background.
 */
export class HonoReceiver implements Receiver {
  private bolt: BoltApp | undefined;
  private lane: DirectLane | undefined;
  private readonly inFlight = new InFlight();

  constructor(private readonly opts: { signingSecret: string; clock: Clock; logger: Logger; watch?: RequestWatch }) {}

  /** Called by Bolt's App constructor. */
  init(app: BoltApp): void {
    this.bolt = app;
  }

  /** Requests the lane takes go to it instead of Bolt's listeners (verified first, like every request). */
  route(lane: DirectLane | undefined): void {
    this.lane = lane;
  }

  /** Nothing to start: the shared HTTP server is already listening. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for the answers still being computed. */
  stop(): Promise<void> {
    return this.inFlight.idle();
  }

  /** Resolves once every request received so far has been fully handled (tests, graceful stop). */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  /** The Hono handler of POST /slack/events. */
  async handle(c: Context): Promise<Response> {
    const requestId = randomUUID();
    // Its arrival, for the answer delay (RequestMeta.receivedAt) and the acknowledgement's.
    const receivedAt = performance.now();
    const logger = this.opts.logger.child({ requestId, slack: "http" });
    const rawBody = await c.req.text();
    const check = verifySignature({
      signingSecret: this.opts.signingSecret,
      rawBody,
      signature: c.req.header("x-slack-signature"),
      timestamp: c.req.header("x-slack-request-timestamp"),
      nowMs: this.opts.clock.now().getTime(),
    });
    if (!check.ok) {
      logger.warn({ reason: check.reason }, "refused a Slack request that failed verification");
      return c.text("invalid request signature", 401);
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(rawBody, c.req.header("content-type"));
    } catch {
      logger.warn("refused a signed Slack request whose body could not be parsed");
      return c.text("unparseable body", 400);
    }
    if (body.ssl_check !== undefined) return c.text("", 200);
    if (body.type === "url_verification") return c.json({ challenge: body.challenge });
    if (!this.bolt) return c.text("Slack adapter not initialised", 503);

    const retryHeader = c.req.header("x-slack-retry-num");
    const retryReason = c.req.header("x-slack-retry-reason");
    const life = (this.opts.watch ?? NO_WATCH).received(receivedAt);
    let acked = false;
    let resolveAck: (response: unknown) => void = () => undefined;
    const ackSent = new Promise<{ acked: true; response: unknown }>((resolve) => {
      resolveAck = (response) => resolve({ acked: true, response });
    });
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        resolveAck(response ?? "");
        life.acked();
        // The listener resumes only once Slack's answer is on the wire: the work after ack()
        // (synchronous SQLite queries, chart drawing) must not hold the HTTP response back.
        if (outgoing) await flushed(outgoing);
      },
      ...(retryHeader && /^\d+$/.test(retryHeader) ? { retryNum: Number(retryHeader) } : {}),
      ...(retryReason ? { retryReason } : {}),
      customProperties: { requestId, receivedAt },
    };
    const work = this.inFlight.track(
      processEvent(this.lane, this.bolt, event).then(
        () => ({ acked: false as const, failed: false }),
        (err: unknown) => {
          logger.error({ err }, "Bolt failed to process a Slack request");
          return { acked: false as const, failed: true };
        },
      ),
    );
    void work.then(life.done);
    // Answer Slack at the ack, not when the work is done.
    const first = await Promise.race([ackSent, work]);
    if (first.acked) {
      const { response } = first;
      return typeof response === "string" ? c.text(response, 200) : c.json(response as object, 200);
    }
    if (first.failed) return c.text("internal error", 500);
    logger.info({ type: body.type ?? body.command }, "no listener for this Slack request");
    return c.text("", 404);
  }
}

/** Resolves when the response has been handed to the OS (or the connection closed). */
function flushed(res: ServerResponse): Promise<void> {
  if (res.writableFinished || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off("finish", done);
      res.off("close", done);
      resolve();
    };
    res.once("finish", done);
    res.once("close", done);
  });
}

/** Slack sends form bodies (commands; interactivity as `payload=<json>`) and JSON (events). */
export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(raw);
    const payload = form.get("payload");
    if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
    return Object.fromEntries(form.entries());
  }
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
  return parsed as Record<string, unknown>;
}
