import type { DemoDay } from "./calendar.js";
import { type DemoContext, round, type TableRows } from "./context.js";
import { chance, forkRng, intBetween, pick, Weighted } from "./random.js";
import { DEMO_SOURCE } from "./tickets.js";
import { SERVICES } from "./vocabulary.js";

const KINDS = new Weighted([
  ["feature", 25],
  ["fix", 30],
  ["standard", 35],
  ["emergency", 10],
] as const);
// ~95 % success overall; emergency changes fail more often.
const SUCCESS: Record<string, number> = { feature: 0.95, fix: 0.96, standard: 0.985, emergency: 0.85 };
const TITLES: Record<string, string> = {
  feature: "Nouvelle fonctionnalité {s}",
  fix: "Correctif {s}",
  standard: "Changement standard {s}",
  emergency: "Changement urgent {s}",
};

/** Changes and deployments: ~45 a month (a few more over time), on weekdays, mostly in the evening window. */
export function demoChanges(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "changes");
  const cal = ctx.calendar;
  const rows: TableRows["rows"] = [];
  let seq = 0;
  for (let i = 0; i <= cal.today; i++) {
    const day = cal.days[i] as DemoDay;
    if (day.weekday >= 6 || day.holiday) continue;
    // Change freeze in the second half of December and fewer changes in August.
    const season = (day.month === 12 && day.day >= 15) || day.month === 8 ? 0.4 : 1;
    const perDay = 2.1 * Math.sqrt(ctx.scale) * season * (0.9 + 0.25 * day.progress);
    const count = Math.floor(perDay + rng.next());
    for (let k = 0; k < count; k++) {
      const kind = KINDS.draw(rng);
      const evening = kind !== "standard" && kind !== "emergency";
      const hour = evening ? intBetween(rng, 18, 21) : intBetween(rng, 9, 17);
      const at = day.noon + (hour - 12) * 3_600_000 + intBetween(rng, 0, 59) * 60_000;
      const success = chance(rng, SUCCESS[kind] ?? 0.95);
      const outcome = success ? "success" : chance(rng, 0.6) ? "failed" : "rolled_back";
      const service = pick(rng, SERVICES).name;
      if (at > cal.now) continue;
      seq++;
      rows.push([
        DEMO_SOURCE,
        `CHG-${String(seq).padStart(6, "0")}`,
        kind,
        `${(TITLES[kind] ?? "{s}").replace("{s}", service)} (${round(1 + day.progress * 3, 0)}.${intBetween(rng, 0, 20)})`,
        service,
        at,
        outcome,
      ]);
    }
  }
  return {
    table: "changes",
    columns: [
      { name: "source", type: "text" },
      { name: "external_id", type: "text" },
      { name: "kind", type: "text" },
      { name: "title", type: "text" },
      { name: "service", type: "text" },
      { name: "deployed_at", type: "instant" },
      { name: "outcome", type: "text" },
    ],
    rows,
  };
}
