/** Tracks work still running after Slack was answered, so a stop (or a test) can wait for it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Follows a promise until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when nothing tracked is running any more (including work started meanwhile). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

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
