import { adminChannel } from "../scheduler/admin-report.js";
import type { Job, Owner } from "../scheduler/job.js";
import type { FireLog } from "../store/repositories.js";
import { freshnessNotice } from "./notice.js";

/** The stale-feed checks: one row per fire time (one owner, every source), with the sources found stale. */
export const FRESHNESS_LOG: FireLog = { table: "freshness_checks", owner: "owner_id", hasOrigin: false };

/** The one owner of the checks: every source is judged by each check. */
const EVERY_SOURCE: Owner = { id: 1, activeFrom: new Date(0) };

/** After downtime only the latest missed check runs (an old check says nothing the latest does not): look back 2 h. */
const LOOKBACK_MS = 2 * 3600_000;

/**
 * The stale-feed check (docs/numbers.md, "Freshness"): every hour, each source kpibot has seen written (an
 * import, a sync, the webhook, the demo seed) is judged against KPIBOT_STALE_AFTER as of the check, and the admin
 * channel is told once when a feed goes stale and once when it is fresh again. Each check is claimed once across
 * replicas like an alert check (the fire log's unique key), and records the sources it found stale: the next one
 * compares with that list, so a feed that stays stale is not announced again.
 */
export function freshnessJob(): Job<Owner> {
  return {
    kind: "freshness",
    log: FRESHNESS_LOG,
    catchUp: "latest",
    lookbackMs: LOOKBACK_MS,
    // Nobody to tell without an admin channel, and nothing to watch before kpibot has seen a feed write: no check
    // runs then (the first check after both tells what is stale).
    async owners(app) {
      if (!app.config.KPIBOT_ADMIN_CHANNEL) return [];
      return (await app.repos.sourceFreshness.all()).length > 0 ? [EVERY_SOURCE] : [];
    },
    rule: () => ({ frequency: "hourly", time: "00:05", timezone: "UTC" }),
    async prepare(ctx, claim) {
      const { app } = ctx;
      // Only feeds kpibot saw write: rows written by hand have no feed to stop.
      const judged = (await app.kpi.freshness(claim.fireTime)).filter((f) => f.via !== null);
      const stale = judged.filter((f) => f.stale);
      const set = { stale: stale.map((f) => f.source).join(",") };
      // The first check ever compares with "all fresh": what is stale then is told once.
      const before = new Set((await app.repos.sourceFreshness.previousStale(claim.fireTime)) ?? []);
      const wentStale = stale.filter((f) => !before.has(f.source));
      const recovered = judged.filter((f) => before.has(f.source) && !f.stale);
      if (wentStale.length === 0 && recovered.length === 0) return { kind: "quiet", set };
      const ref = await adminChannel(app);
      if (!ref) return { kind: "quiet", set };
      const reply = freshnessNotice(
        { stale: wentStale, recovered },
        app.config.KPIBOT_LOCALE,
        app.config.KPIBOT_TIMEZONE,
      );
      return { kind: "post", ref, reply, set };
    },
    async describe() {
      return "stale-data check";
    },
  };
}
