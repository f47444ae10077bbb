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
