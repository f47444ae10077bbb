import type { App } from "../src/app.js";
import type { Messengers } from "../src/core/messenger.js";
import type { RouteModule } from "../src/http/server.js";
import type { ChartSpec } from "../src/reply/types.js";
import { createMatrix, type MatrixSurface, matrixSettings } from "./matrix/index.js";
import { createMattermost, type MattermostSurface, mattermostSettings } from "./mattermost/index.js";
import { createSlackAdapter, type SlackAdapter, slackSettings } from "./slack/index.js";
import { createTeams, teamsEnabled } from "./teams/index.js";

export type { Messengers };

/** The chat platforms a kpibot process talks to, built from its configuration. */
export interface Surfaces {
  routes: RouteModule[];
  messengers: Messengers;
  slack: SlackAdapter | undefined;
  mattermost: MattermostSurface | undefined;
  matrix: MatrixSurface | undefined;
}

/**
 * Builds Slack (when SLACK_* is set), Mattermost (MATTERMOST_*), Matrix (MATRIX_*) and Teams (with MICROSOFT_APP_ID, or the loopback-only emulator
 * when KPIBOT_TEAMS_EMULATOR=on).
 * Used by `kpibot start` and by CLI commands that post (`digest run-due`), so both see the same platforms.
 */
export function buildSurfaces(app: App): Surfaces {
  // An inconsistent Slack configuration stops here with what to set.
  const settings = slackSettings(app.config);
  const draw = (spec: ChartSpec) => app.charts.render(spec);
  const teams = teamsEnabled(app.config) ? createTeams(app, { draw }) : undefined;
  const slack = settings ? createSlackAdapter(app, { settings }) : undefined;
  const mattermostConfig = mattermostSettings(app.config);
  const mattermost = mattermostConfig ? createMattermost(app, { settings: mattermostConfig, draw }) : undefined;
  const matrixConfig = matrixSettings(app.config);
  const matrix = matrixConfig ? createMatrix(app, { settings: matrixConfig, draw }) : undefined;
  const messengers: Messengers = {};
  const routes: RouteModule[] = [];
  if (teams) {
    messengers.teams = teams.messenger;
    routes.push(teams.routes);
  } else {
    app.logger.info(
      "teams: off — POST /api/messages is not served (set MICROSOFT_APP_ID, or KPIBOT_TEAMS_EMULATOR=on to try it locally)",
    );
  }
  if (slack) {
    messengers.slack = slack.messenger;
    routes.push(slack.routes);
  }
  if (mattermost) {
    messengers.mattermost = mattermost.messenger;
    routes.push(mattermost.routes);
  }
  if (matrix) messengers.matrix = matrix.messenger;
  return { routes, messengers, slack, mattermost, matrix };
}
