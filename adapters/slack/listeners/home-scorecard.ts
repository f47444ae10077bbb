import type { App } from "../../../src/app.js";
import type { Interaction } from "../../../src/core/interaction.js";
import { toLocale } from "../../../src/i18n/index.js";
import { findKpi } from "../../../src/kpi/definitions.js";
import type { KpiResult } from "../../../src/kpi/types.js";
import { defaultPeriod } from "../../../src/periods/index.js";
import { scorecardReply } from "../../../src/reply/scorecard-reply.js";
import type { Reply } from "../../../src/reply/types.js";
import type { HandleFn } from "../deps.js";

/** The command the Home tab runs when the user has no favourite KPIs: the default scorecard. */
export const HOME_COMMAND = "scorecard";

/**
 * The Home tab's scorecard: the user's favourite KPIs (chat_users.favourite_kpis) for the default
 * period, through the core's scorecard builder; without favourites, the `scorecard` command.
 */
export async function homeScorecard(app: App, handle: HandleFn, interaction: Interaction): Promise<Reply> {
  const user = await app.repos.users.get("slack", interaction.user.id);
  const favourites = [
    ...new Set((user?.favouriteKpis ?? []).map((k) => findKpi(k)?.id).filter((id) => id !== undefined)),
  ];
  if (favourites.length === 0) return handle(app, { ...interaction, kind: "command", text: HOME_COMMAND });
  const locale = toLocale(interaction.locale) ?? toLocale(user?.locale) ?? app.config.KPIBOT_LOCALE;
  const period = defaultPeriod(app.clock.now(), app.config.KPIBOT_TIMEZONE);
  const settled = await Promise.allSettled(favourites.map((kpi) => app.kpi.answer({ kpi, period })));
  const results = settled.flatMap((s): KpiResult[] => (s.status === "fulfilled" ? [s.value] : []));
  return scorecardReply(results, period, locale, {
    timeZone: app.config.KPIBOT_TIMEZONE,
    currency: app.config.KPIBOT_CURRENCY,
    ephemeral: true,
  });
}
