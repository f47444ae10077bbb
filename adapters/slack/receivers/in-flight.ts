import type { App as BoltApp, ReceiverEvent } from "@slack/bolt";

export { InFlight } from "../../../src/core/in-flight.js";

/** What a receiver reports of each request's life (metrics and late-ack warnings; src/http/load-watch.ts). */
export interface RequestWatch {
  /**
   * A request arrived at `at` (performance.now()); `acked` when its acknowledgement is on its way, `done` once it
   * is fully handled.
   */
  received(at: number): { acked(): void; done(): void };
}

/** A watch that records nothing (tests that build a receiver alone). */
export const NO_WATCH: RequestWatch = { received: () => ({ acked: () => undefined, done: () => undefined }) };

/**
 * A lane around Bolt: given a verified request's body, the handler that takes it directly (the event as Bolt would
 * have received it), or undefined to leave it to Bolt's listeners. Survey answers (../per-click.ts) and slash commands
 * (../listeners/command.ts) take it: a burst of them does not pay for Bolt's middleware chain, which their handlers
 * never use.
 */
export type DirectLane = (body: Record<string, unknown>) => ((event: ReceiverEvent) => Promise<void>) | undefined;

/** The first of `lanes` that takes a request (none: Bolt's listeners). */
export function firstLane(...lanes: (DirectLane | undefined)[]): DirectLane {
  return (body) => {
    for (const lane of lanes) {
      const handler = lane?.(body);
      if (handler) return handler;
    }
    return undefined;
  };
}

/** Hands a verified request to the lane that takes it, else to Bolt's listeners (both receivers). */
export function processEvent(lane: DirectLane | undefined, bolt: BoltApp, event: ReceiverEvent): Promise<void> {
  const direct = lane?.(event.body);
  return direct ? direct(event) : bolt.processEvent(event);
}
