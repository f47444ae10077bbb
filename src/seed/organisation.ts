import { weekStarts } from "./calendar.js";
import { type DemoContext, round, type TableRows } from "./context.js";
import { between, chance, forkRng, intBetween, normalish } from "./random.js";
import { GROUPS, SHADOW_IT_APPS } from "./vocabulary.js";

const DAY = 86_400_000;

/** One team: FTE at the start and end of the range, share on service management, activity mix. */
interface Team {
  name: string;
  fte: (t: number) => number;
  smShare: number;
  serviceDesk: boolean;
  activities: Record<string, number>;
}

// The desk hires at mid-range and the ITSM office grows: sm-staff and workload have a story.
const TEAMS: readonly Team[] = [
  {
    name: GROUPS.desk,
    fte: (t) => (t < 0.55 ? 8 : 9),
    smShare: 1,
    serviceDesk: true,
    activities: { incidents: 0.5, requests: 0.35, improvement: 0.05, other: 0.1 },
  },
  {
    name: GROUPS.apps,
    fte: () => 6,
    smShare: 0.6,
    serviceDesk: false,
    activities: { incidents: 0.3, requests: 0.2, changes: 0.2, projects: 0.2, improvement: 0.05, other: 0.05 },
  },
  {
    name: GROUPS.infra,
    fte: () => 5,
    smShare: 0.55,
    serviceDesk: false,
    activities: { incidents: 0.3, requests: 0.15, changes: 0.25, projects: 0.15, improvement: 0.1, other: 0.05 },
  },
  {
    name: GROUPS.network,
    fte: () => 3,
    smShare: 0.3,
    serviceDesk: false,
    activities: { incidents: 0.25, changes: 0.3, projects: 0.3, improvement: 0.1, other: 0.05 },
  },
  {
    name: GROUPS.systems,
    fte: (t) => (t < 0.7 ? 4 : 3.5),
    smShare: 0.3,
    serviceDesk: false,
    activities: { incidents: 0.25, requests: 0.05, changes: 0.3, projects: 0.3, improvement: 0.05, other: 0.05 },
  },
  {
    name: GROUPS.workstation,
    fte: () => 5,
    smShare: 0.8,
    serviceDesk: false,
    activities: { incidents: 0.35, requests: 0.45, projects: 0.1, other: 0.1 },
  },
  {
    name: "Pilotage ITSM",
    fte: (t) => (t < 0.4 ? 1.5 : 2.5),
    smShare: 1,
    serviceDesk: false,
    activities: { improvement: 0.6, projects: 0.2, other: 0.2 },
  },
];

const teamFte = (team: Team, t: number, scale: number) => Math.max(0.5, round(team.fte(t) * scale, 1));

/** Each team's FTE and service-management FTE on the first of each month. */
export function demoStaffAllocations(ctx: DemoContext): TableRows {
  const rows: TableRows["rows"] = [];
  for (const m of ctx.calendar.months) {
    for (const team of TEAMS) {
      const fte = teamFte(team, m.progress, ctx.scale);
      rows.push([team.name, m.start, fte, round(fte * team.smShare, 1), team.serviceDesk]);
    }
  }
  return {
    table: "staff_allocations",
    columns: [
      { name: "team", type: "text" },
      { name: "date", type: "instant" },
      { name: "fte", type: "float" },
      { name: "service_management_fte", type: "float" },
      { name: "service_desk", type: "bool" },
    ],
    rows,
  };
}

/** Hours each team logged per activity, one entry per week (dated its Monday); holidays thin them out. */
export function demoTimeEntries(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "time");
  const rows: TableRows["rows"] = [];
  for (const week of weekStarts(ctx.calendar)) {
    const presence = week.month === 8 ? 0.6 : week.month === 7 ? 0.8 : week.month === 12 && week.day >= 20 ? 0.5 : 1;
    for (const team of TEAMS) {
      const fte = teamFte(team, week.progress, ctx.scale);
      for (const [activity, share] of Object.entries(team.activities)) {
        // Improvement work grows as the ITSM practice matures.
        const trend = activity === "improvement" ? 1 + 0.6 * week.progress : 1;
        const hours = fte * 35 * share * trend * presence * normalish(rng, 1, 0.08);
        rows.push([team.name, "", week.start, activity, round(Math.max(0.5, hours), 1)]);
      }
    }
  }
  return {
    table: "time_entries",
    columns: [
      { name: "team", type: "text" },
      { name: "person", type: "text" },
      { name: "date", type: "instant" },
      { name: "activity", type: "text" },
      { name: "hours", type: "float" },
    ],
    rows,
  };
}

/** Shadow-IT findings: ~2 discovered a month; older ones mostly brought under control or retired. */
export function demoShadowIt(ctx: DemoContext): TableRows {
  const rng = forkRng(ctx.seed, "shadow-it");
  const cal = ctx.calendar;
  const rows: TableRows["rows"] = [];
  const count = Math.max(4, Math.round(cal.months.length * 1.8));
  const span = cal.now - cal.start;
  const found = Array.from({ length: count }, () => cal.start + Math.floor(rng.next() * span)).sort((a, b) => a - b);
  found.forEach((discovered, i) => {
    const base = SHADOW_IT_APPS[i % SHADOW_IT_APPS.length] as string;
    const name = i < SHADOW_IT_APPS.length ? base : `${base} (${Math.floor(i / SHADOW_IT_APPS.length) + 1})`;
    const resolvedAt = discovered + intBetween(rng, 20, 120) * DAY;
    const settled = resolvedAt <= cal.now && chance(rng, 0.8);
    const status = settled
      ? chance(rng, 0.6)
        ? "controlled"
        : "retired"
      : chance(rng, 0.5)
        ? "under_review"
        : "discovered";
    const avoided = settled ? round(between(rng, 1_500, 45_000), -2) : 0;
    rows.push([
      `SHADOW-${String(i + 1).padStart(4, "0")}`,
      name,
      discovered,
      status,
      settled ? resolvedAt : null,
      avoided,
    ]);
  });
  return {
    table: "shadow_it_findings",
    columns: [
      { name: "external_id", type: "text" },
      { name: "name", type: "text" },
      { name: "discovered_at", type: "instant" },
      { name: "status", type: "text" },
      { name: "resolved_at", type: "instant" },
      { name: "yearly_cost_avoided", type: "float" },
    ],
    rows,
  };
}
