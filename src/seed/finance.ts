import { type DemoContext, round, type TableRows } from "./context.js";
import { forkRng, normalish } from "./random.js";

/** Monthly budget of each cost category for the default-size organisation (≈2,400 employees). */
const MONTHLY_BUDGET: Record<string, number> = {
  workstation: 210_000,
  infrastructure: 260_000,
  service_desk: 45_000,
  software: 330_000,
  network: 90_000,
  telecom: 70_000,
  projects: 220_000,
};
// How a category's spend splits over business services ("" = shared, not allocated to one service).
const ALLOCATION: Record<string, readonly (readonly [string, number])[]> = {
  workstation: [["Poste de travail", 1]],
  infrastructure: [
    ["ERP", 0.2],
    ["Messagerie", 0.12],
    ["CRM", 0.1],
    ["Intranet", 0.08],
    ["VPN", 0.1],
    ["", 0.4],
  ],
  service_desk: [["", 1]],
  software: [
    ["ERP", 0.35],
    ["CRM", 0.2],
    ["Messagerie", 0.2],
    ["Intranet", 0.08],
    ["", 0.17],
  ],
  network: [
    ["Réseau", 0.6],
    ["VPN", 0.25],
    ["", 0.15],
  ],
  telecom: [
    ["Téléphonie", 0.85],
    ["", 0.15],
  ],
  projects: [
    ["ERP", 0.4],
    ["CRM", 0.2],
    ["", 0.4],
  ],
};
// Categories that tend to over- or under-spend, so the budget breakdown is not flat.
const DRIFT: Record<string, number> = { software: 1.04, projects: 0.9, telecom: 0.97, infrastructure: 1.02 };

/** Monthly cost lines by category (and per service where allocated) with budgets; budgets rise 3 % each January. */
export function demoCostLines(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "costs");
  const rows: TableRows["rows"] = [];
  const firstYear = ctx.calendar.months[0]?.year ?? 0;
  for (const m of ctx.calendar.months) {
    const yearly = 1.03 ** (m.year - firstYear);
    for (const [category, monthly] of Object.entries(MONTHLY_BUDGET)) {
      // Projects slow down in August and catch up in December.
      const season = category === "projects" ? (m.month === 8 ? 0.5 : m.month === 12 ? 1.4 : 1) : 1;
      const budget = monthly * ctx.scale * yearly;
      const actual = budget * (DRIFT[category] ?? 1) * season * normalish(rng, 1, 0.05);
      for (const [service, share] of ALLOCATION[category] ?? []) {
        rows.push([
          m.start,
          m.end,
          category,
          service,
          round(actual * share, 2),
          round(budget * share, 2),
          ctx.currency,
        ]);
      }
    }
  }
  return {
    table: "cost_lines",
    columns: [
      { name: "period_start", type: "instant" },
      { name: "period_end", type: "instant" },
      { name: "category", type: "text" },
      { name: "service", type: "text" },
      { name: "actual", type: "float" },
      { name: "budget", type: "float" },
      { name: "currency", type: "text" },
    ],
    rows,
  };
}

/** Assets in service on the first of each month: workstations grow slowly, servers consolidate. */
export function demoAssetCounts(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "assets");
  const rows: TableRows["rows"] = [];
  for (const m of ctx.calendar.months) {
    const t = m.progress;
    const counts: [string, number][] = [
      ["workstation", 2300 * (1 + 0.06 * t)],
      ["server", 190 * (1 - 0.1 * t)],
      ["network", 140 * (1 + 0.03 * t)],
      ["storage", 14],
    ];
    for (const [type, base] of counts)
      rows.push([type, m.start, Math.round(base * ctx.scale * normalish(rng, 1, 0.005))]);
  }
  return {
    table: "asset_counts",
    columns: [
      { name: "asset_type", type: "text" },
      { name: "date", type: "instant" },
      { name: "count", type: "int" },
    ],
    rows,
  };
}
