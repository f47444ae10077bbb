import type { App } from "../app.js";
import type { Messengers } from "../core/messenger.js";

/**
 * Builds the messengers of the configured platforms for an app. The composition root (adapters/cli.ts)
 * lends it: src/ cannot import adapters/. Commands that post (`digest run-due`, `ask "digest send #3"`,
 * ticket surveys after an import) put what it builds on `app.messengers`.
 */
export type MessengerFactory = (app: App) => Promise<Messengers>;

/** Adds the platforms' messengers to an app, when the composition root lent a factory. */
export async function withMessengers(app: App, factory: MessengerFactory | undefined): Promise<App> {
  if (factory) Object.assign(app.messengers, await factory(app));
  return app;
}
