import { LRUCache } from "lru-cache";
import type { App } from "../app.js";

/**
 * What this process wrote recently, per app (tests run several in one process), so the same write is not repeated
 * within `windowMs`: SQLite writes pause the event loop that acknowledges everyone, and each interaction would
 * otherwise rewrite its user and its conversation. Bounded (least recently used entries go first).
 */
export class RecentWrites<V> {
  private readonly byApp = new WeakMap<App, LRUCache<string, { at: number; value: V }>>();
  private readonly running = new WeakMap<App, Map<string, Promise<V>>>();

  constructor(
    private readonly windowMs: number,
    private readonly max = 10_000,
  ) {}

  /** The value remembered under `key` if it was written less than `windowMs` ago (on the app's clock). */
  recent(app: App, key: string): V | undefined {
    const hit = this.byApp.get(app)?.get(key);
    if (!hit) return undefined;
    const age = app.clock.now().getTime() - hit.at;
    return age >= 0 && age < this.windowMs ? hit.value : undefined;
  }

  /** Remembers that `key` was written now, with what is worth keeping of it. */
  remember(app: App, key: string, value: V): void {
    let writes = this.byApp.get(app);
    if (!writes) {
      writes = new LRUCache({ max: this.max });
      this.byApp.set(app, writes);
    }
    writes.set(key, { at: app.clock.now().getTime(), value });
  }

  /**
   * Runs `write` unless the same write (`key`) is already running for this app, in which case its caller waits for
   * that one: a burst of interactions from one channel or person, all arriving before the first write is done, makes
   * one write instead of one each (not remembered here: the caller remembers what it wrote).
   */
  once(app: App, key: string, write: () => Promise<V>): Promise<V> {
    let writes = this.running.get(app);
    if (!writes) {
      writes = new Map();
      this.running.set(app, writes);
    }
    const running = writes.get(key);
    if (running) return running;
    const started = write().finally(() => writes.delete(key));
    writes.set(key, started);
    return started;
  }
}
