import type { App } from "../app.js";
import type { Messengers } from "./job.js";

/** Builds the messengers of the configured platforms for an app (the composition root provides it: src/ cannot import adapters/). */
export type MessengerFactory = (app: App) => Promise<Messengers>;

let factory: MessengerFactory | undefined;

/** Registers how to build messengers from the configuration (called once by the composition root). */
export function setMessengerFactory(f: MessengerFactory | undefined): void {
  factory = f;
}

/** The registered factory, if the composition root provided one (`kpibot digest run-due` needs it). */
export function messengerFactory(): MessengerFactory | undefined {
  return factory;
}
