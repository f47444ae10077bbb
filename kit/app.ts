import { type App, closeApp, createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { type Clock, systemClock } from "../src/core/clock.js";
import { createLogger } from "../src/logger.js";
import type { Provider } from "../src/store/db.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";

/** A migrated, empty app on a fresh database of one provider. */
export interface TestApp {
  app: App;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Builds an App on a fresh database (silent logger, optional clock and env overrides). */
export async function createTestApp(
  provider: Provider,
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(provider);
  // Suites fire commands faster than a person: the rate limit is off unless a test sets it.
  const config = loadConfig({ DATABASE_URL: database.url, KPIBOT_RATE_LIMIT: "off", ...opts.env }, { dotenv: false });
  const app = await createApp(config, { logger: createLogger("silent"), clock: opts.clock ?? systemClock });
  return {
    app,
    database,
    close: async () => {
      await closeApp(app);
      await database.drop();
    },
  };
}
