/** Tracks work still running after a platform was answered (the answer follows), so a stop or a test can wait for it. */
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
