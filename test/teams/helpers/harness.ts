import type { Hono } from "hono";
import { createTeams, type TeamsOptions, type TeamsSurface } from "../../../adapters/teams/index.js";
import { handleInteraction } from "../../../src/commands/index.js";
import { fixedClock } from "../../../src/core/clock.js";
import type { Interaction } from "../../../src/core/interaction.js";
import { createHttp } from "../../../src/http/server.js";
import type { Reply } from "../../../src/reply/types.js";
import type { Provider } from "../../../src/store/db.js";
import { createTestApp, type TestApp } from "../../helpers/app.js";
import { type FakeConnector, startFakeConnector } from "./fake-connector.js";

/** The instant every harness clock is fixed at. */
export const NOW = new Date("2026-11-28T09:15:00.000Z");

/** kpibot with its Teams surface on a fresh database, a recording connector, and recorded retries. */
export interface TeamsHarness {
  test: TestApp;
  http: Hono;
  teams: TeamsSurface;
  connector: FakeConnector;
  /** Every interaction the core was asked to answer. */
  interactions: Interaction[];
  /** Every back-off the retry policy waited (ms). */
  sleeps: number[];
  /** POSTs an activity to /api/messages in-process, as the Bot Framework would. */
  post(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** Starts the harness; `reply` replaces the core's answer (default: the real handleInteraction). */
export async function startTeamsHarness(
  provider: Provider,
  opts: { env?: Record<string, string>; reply?: Reply; teams?: TeamsOptions } = {},
): Promise<TeamsHarness> {
  const test = await createTestApp(provider, { clock: fixedClock(NOW), ...(opts.env ? { env: opts.env } : {}) });
  const connector = await startFakeConnector();
  const interactions: Interaction[] = [];
  const sleeps: number[] = [];
  const teams = createTeams(test.app, {
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    },
    answer: async (app, interaction) => {
      interactions.push(interaction);
      return opts.reply ?? handleInteraction(app, interaction);
    },
    ...opts.teams,
  });
  const http = createHttp(test.app, [teams.routes]);
  return {
    test,
    http,
    teams,
    connector,
    interactions,
    sleeps,
    post: async (activity, headers = {}) =>
      http.request("/api/messages", {
        method: "POST",
        body: JSON.stringify(activity),
        headers: { "content-type": "application/json", ...headers },
      }),
    close: async () => {
      await connector.close();
      await test.close();
    },
  };
}
