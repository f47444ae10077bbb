import { randomUUID } from "node:crypto";
import type { App as BoltApp, Receiver, ReceiverEvent } from "@slack/bolt";
import { ReceiverMultipleAckError } from "@slack/bolt";
// Bolt's own SocketModeReceiver cannot be pointed at another API URL; its client (a Bolt dependency) can.
import { SocketModeClient } from "@slack/socket-mode";
import { noteArrival } from "../../../src/core/turns.js";
import type { Logger } from "../../../src/logger.js";
import { slackLogger } from "../api.js";
import { type DirectLane, InFlight, NO_WATCH, processEvent, type RequestWatch } from "./in-flight.js";

/** What the socket-mode client hands over for each envelope. */
interface SlackEventArgs {
  ack: (response?: unknown) => Promise<void>;
  envelope_id?: string;
  type?: string;
  body?: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * A Bolt receiver over Socket Mode (for companies that cannot expose a public URL): it opens the
 * WebSocket given by `apps.connections.open` (app token, on SLACK_API_URL), acknowledges each
 * envelope with its `envelope_id` when the listener calls `ack()`, and hands the payload to Bolt.
 */
export class SocketReceiver implements Receiver {
  /** The underlying Socket Mode client. */
  readonly client: SocketModeClient;
  private bolt: BoltApp | undefined;
  private lane: DirectLane | undefined;
  private readonly inFlight = new InFlight();

  constructor(private readonly opts: { appToken: string; slackApiUrl: string; logger: Logger; watch?: RequestWatch }) {
    this.client = new SocketModeClient({
      appToken: opts.appToken,
      logger: slackLogger(opts.logger),
      clientOptions: { slackApiUrl: opts.slackApiUrl },
    });
    this.client.on("slack_event", (args: SlackEventArgs) => {
      // An envelope arriving is a request to acknowledge, as one the HTTP server receives (src/core/turns.ts).
      noteArrival();
      // dispatch never rejects: it logs and acknowledges on failure.
      void this.inFlight.track(this.dispatch(args));
    });
  }

  /** Called by Bolt's App constructor. */
  init(app: BoltApp): void {
    this.bolt = app;
  }

  /** Envelopes the lane takes go to it instead of Bolt's listeners. */
  route(lane: DirectLane | undefined): void {
    this.lane = lane;
  }

  /** Connects: resolves once Slack's `hello` arrived. */
  async start(): Promise<void> {
    await this.client.start();
  }

  /** Disconnects, then waits for answers still being computed. */
  async stop(): Promise<void> {
    await this.client.disconnect();
    await this.inFlight.idle();
  }

  /** Resolves once every envelope received so far has been fully handled. */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  private async dispatch(args: SlackEventArgs): Promise<void> {
    const requestId = args.envelope_id ?? randomUUID();
    const receivedAt = performance.now();
    const logger = this.opts.logger.child({ requestId, slack: "socket", type: args.type });
    if (!this.bolt || !args.body) return;
    const life = (this.opts.watch ?? NO_WATCH).received(receivedAt);
    let acked = false;
    const event: ReceiverEvent = {
      body: args.body,
      ack: async (response?: unknown) => {
        if (acked) throw new ReceiverMultipleAckError();
        acked = true;
        await args.ack(response === "" ? undefined : response);
        life.acked();
      },
      ...(typeof args.retry_num === "number" ? { retryNum: args.retry_num } : {}),
      ...(args.retry_reason ? { retryReason: args.retry_reason } : {}),
      customProperties: { requestId, receivedAt },
    };
    try {
      await processEvent(this.lane, this.bolt, event);
    } catch (err) {
      logger.error({ err }, "Bolt failed to process a Socket Mode envelope");
      // Acknowledge anyway, or Slack redelivers an envelope that fails the same way.
      if (!acked) await event.ack().catch(() => undefined);
    } finally {
      life.done();
    }
  }
}
