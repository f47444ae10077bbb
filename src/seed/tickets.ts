import type { Cell, Column } from "../store/bulk-columns.js";
import { addBusinessish, type DemoCalendar, type DemoDay } from "./calendar.js";
import { between, chance, exponential, intBetween, pick, type Rng, Weighted } from "./random.js";
import {
  ASSIGNEES,
  AUTOMATION_ASSIGNEE,
  type DemoService,
  GROUPS,
  INCIDENT_CATEGORIES,
  REQUEST_CATEGORIES,
  REQUEST_TITLES,
  SERVICES,
} from "./vocabulary.js";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The ticket columns the demo writes, in row order. */
export const TICKET_COLUMNS: readonly Column[] = [
  { name: "source", type: "text" },
  { name: "external_id", type: "text" },
  { name: "kind", type: "text" },
  { name: "title", type: "text" },
  { name: "category", type: "text" },
  { name: "service", type: "text" },
  { name: "priority", type: "int" },
  { name: "channel", type: "text" },
  { name: "group_name", type: "text" },
  { name: "assignee", type: "text" },
  { name: "requester", type: "text" },
  { name: "requester_email", type: "text" },
  { name: "opened_at", type: "instant" },
  { name: "first_response_at", type: "instant" },
  { name: "resolved_at", type: "instant" },
  { name: "closed_at", type: "instant" },
  { name: "response_due_at", type: "instant" },
  { name: "resolution_due_at", type: "instant" },
  { name: "support_level", type: "int" },
  { name: "first_contact_resolution", type: "bool" },
  { name: "reopen_count", type: "int" },
  { name: "automated", type: "bool" },
];

/** The `source` of every demo ticket and change. */
export const DEMO_SOURCE = "demo";

// Due times by priority (hours): first response, then resolution (P3/P4 skip weekends).
const RESPONSE_HOURS = [0, 0.25, 1, 4, 8];
const RESOLUTION_HOURS = [0, 4, 8, 24, 72];
const WEEKDAY_FACTOR = [0, 1.3, 1.12, 1.05, 1.0, 0.86, 0.12, 0.08];
// Summer and August dip, December dip, September back-to-work peak.
const MONTH_FACTOR = [0, 1.08, 1.02, 1.05, 0.98, 0.92, 1.0, 0.85, 0.58, 1.12, 1.05, 1.0, 0.8];
// Office hours with a morning peak and a smaller afternoon one (local time).
const HOURS = new Weighted(
  [0, 0, 0, 0, 0, 0, 0.2, 1, 4, 9, 10, 8, 4, 5, 8, 8, 7, 5, 2, 0.7, 0.3, 0.2, 0.1, 0].map((w, h) => [h, w] as const),
);
// Resolution time as a multiple of the allowed time, by level (exponential means): ~90 % in SLA overall.
const RESOLUTION_MEAN = [0, 0.55, 0.85, 1.25];
// Some groups are faster than others, so breakdowns show differences.
const GROUP_SPEED: Record<string, number> = {
  [GROUPS.desk]: 0.9,
  [GROUPS.apps]: 1.12,
  [GROUPS.infra]: 0.95,
  [GROUPS.network]: 1.2,
  [GROUPS.systems]: 1.0,
  [GROUPS.workstation]: 1.05,
};
const FCR_BY_CHANNEL: Record<string, number> = {
  phone: 0.97,
  chat: 0.96,
  walk_in: 0.98,
  email: 0.88,
  portal: 0.9,
  mobile: 0.9,
  monitoring: 0.8,
};
const IMMEDIATE = new Set(["phone", "chat", "walk_in"]);

type Kind = "incident" | "request";
const channels = (entries: [string, number][]) => new Weighted(entries);
// Channel mixes at the start and at the end of the range: self-service grows, phone shrinks.
const CHANNELS: Record<Kind, [Weighted<string>, Weighted<string>]> = {
  // biome-ignore format: tables
  incident: [
    channels([["monitoring", 15], ["phone", 28], ["email", 20], ["portal", 17], ["chat", 10], ["walk_in", 6], ["mobile", 4]]),
    channels([["monitoring", 18], ["phone", 20], ["email", 17], ["portal", 23], ["chat", 13], ["walk_in", 3], ["mobile", 6]]),
  ],
  // biome-ignore format: tables
  request: [
    channels([["portal", 40], ["email", 24], ["phone", 14], ["chat", 8], ["walk_in", 7], ["mobile", 7]]),
    channels([["portal", 48], ["email", 16], ["phone", 9], ["chat", 10], ["walk_in", 4], ["mobile", 13]]),
  ],
};
const PRIORITIES: Record<Kind, Weighted<number>> = {
  incident: new Weighted([
    [1, 1.5],
    [2, 10],
    [3, 55],
    [4, 33.5],
  ] as const),
  request: new Weighted([
    [2, 3],
    [3, 42],
    [4, 55],
  ] as const),
};
const CATEGORIES: Record<Kind, Weighted<string>> = {
  incident: new Weighted(INCIDENT_CATEGORIES),
  request: new Weighted(REQUEST_CATEGORIES),
};
const SERVICE_TABLE = new Weighted(SERVICES.map((s) => [s, s.weight] as const));

/** What the ticket generator needs. */
export interface TicketPlan {
  calendar: DemoCalendar;
  total: number;
  /** Requesters: display names and e-mails of the employees. */
  people: { names: string[]; emails: string[] };
}

/** A day's share of the volume (seasonality, weekdays, holidays, slow growth, noise). */
function dayWeight(day: DemoDay, rng: Rng): number {
  const week = day.holiday ? WEEKDAY_FACTOR[7] : WEEKDAY_FACTOR[day.weekday];
  const yearEnd = (day.month === 12 && day.day >= 23) || (day.month === 1 && day.day === 2) ? 0.55 : 1;
  return (week ?? 1) * (MONTH_FACTOR[day.month] ?? 1) * yearEnd * (1 + 0.12 * day.progress) * between(rng, 0.9, 1.1);
}

/** How many tickets each day gets: exact total, by cumulative rounding of the day weights. */
export function dailyCounts(cal: DemoCalendar, total: number, rng: Rng): number[] {
  const weights = cal.days.slice(0, cal.today + 1).map((d) => dayWeight(d, rng));
  // Today only counts for the part already elapsed.
  const todayStart = (cal.days[cal.today] as DemoDay).start;
  weights[cal.today] = (weights[cal.today] as number) * Math.min(1, (cal.now - todayStart) / DAY);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let acc = 0;
  let given = 0;
  for (const w of weights) {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

function automationChance(kind: Kind, category: string, channel: string): number {
  if (kind === "request" && category === "Mot de passe")
    return channel === "portal" || channel === "mobile" ? 0.9 : 0.35;
  if (channel === "monitoring") return 0.5;
  if (kind === "request" && category === "Accès / droits" && channel === "portal") return 0.45;
  return 0.025;
}

/** Chance that a non-trivial ticket is still waiting (on the user, a vendor, a delivery) at `now`, by age. */
function pendingChance(age: number): number {
  if (age < 30 * DAY) return 0.25 * (1 - age / (30 * DAY));
  return age < 180 * DAY ? 0.01 : 0;
}

function openedAt(day: DemoDay, channel: string, now: number, rng: Rng): number {
  const at =
    channel === "monitoring"
      ? day.start + Math.floor(rng.next() * DAY)
      : day.noon + (HOURS.draw(rng) - 12) * HOUR + Math.floor(rng.next() * HOUR);
  // Today's tickets cannot be in the future.
  return at < now ? at : day.start + Math.floor(rng.next() * Math.max(1, now - day.start));
}

function title(kind: Kind, service: DemoService, category: string, rng: Rng): string {
  if (kind === "incident") return pick(rng, service.incidentTitles);
  return (REQUEST_TITLES[category] ?? "Demande ({s})").replace("{s}", service.name);
}

/** Generates one ticket row (TICKET_COLUMNS order). */
function ticket(plan: TicketPlan, day: DemoDay, seq: number, rng: Rng): Cell[] {
  const cal = plan.calendar;
  const t = day.progress;
  const kind: Kind = rng.next() < 0.55 ? "incident" : "request";
  const service = SERVICE_TABLE.draw(rng);
  const category = CATEGORIES[kind].draw(rng);
  const channel = CHANNELS[kind][chance(rng, t) ? 1 : 0].draw(rng);
  const priority = PRIORITIES[kind].draw(rng);
  const automated = chance(rng, automationChance(kind, category, channel));
  const opened = openedAt(day, channel, cal.now, rng);
  const noSla = chance(rng, channel === "walk_in" ? 0.5 : 0.035);
  const responseHours = RESPONSE_HOURS[priority] as number;
  const resolutionHours = RESOLUTION_HOURS[priority] as number;
  const responseDue = noSla ? null : opened + responseHours * HOUR;
  const resolutionLimit =
    priority <= 2 ? opened + resolutionHours * HOUR : addBusinessish(cal, opened, resolutionHours);

  let level = 1;
  if (!automated) {
    const kindF = kind === "incident" ? 1.15 : 0.8;
    const prioF = priority === 1 ? 1.8 : priority === 2 ? 1.3 : priority === 4 ? 0.85 : 1;
    if (chance(rng, service.escalation * kindF * prioF * (1.2 - 0.14 * t))) level = chance(rng, 0.3) ? 3 : 2;
  }
  const group =
    level === 3 ? service.l3 : level === 2 ? service.l2 : channel === "walk_in" ? GROUPS.workstation : GROUPS.desk;
  const fcr = level === 1 && (automated || chance(rng, (FCR_BY_CHANNEL[channel] ?? 0.85) - 0.02 + 0.06 * t));
  const speed = (GROUP_SPEED[group] ?? 1) * (1.08 - 0.16 * t);

  let response: number;
  let resolved: number;
  if (automated) {
    response = opened + intBetween(rng, 5, 60) * 1000;
    resolved = opened + intBetween(rng, 1, 20) * MIN;
  } else {
    response =
      fcr && IMMEDIATE.has(channel)
        ? opened + Math.floor(between(rng, 0, 4) * MIN)
        : opened + Math.floor(exponential(rng, 0.5 * speed) * responseHours * HOUR);
    if (fcr) resolved = response + Math.floor(between(rng, 3, 30) * MIN);
    else if (chance(rng, pendingChance(cal.now - opened))) resolved = Number.POSITIVE_INFINITY;
    else {
      const factor = exponential(rng, (RESOLUTION_MEAN[level] as number) * speed);
      resolved = Math.max(response + 5 * MIN, opened + Math.floor(factor * (resolutionLimit - opened)));
    }
  }
  let reopen = !automated && chance(rng, fcr ? 0.025 : 0.12) ? (chance(rng, 0.1) ? 2 : 1) : 0;
  let closed: number | null = resolved + (3 + 2 * reopen) * DAY;
  const open = resolved > cal.now;
  if (open) reopen = 0;
  const answered = response <= cal.now;
  const who = Math.floor(plan.people.names.length * rng.next() ** 1.7);
  const assignees = ASSIGNEES[group] ?? [];
  const assignee = automated ? AUTOMATION_ASSIGNEE : answered ? pick(rng, assignees) : null;
  if (open || (closed as number) > cal.now) closed = null;
  return [
    DEMO_SOURCE,
    `DEMO-${String(seq).padStart(7, "0")}`,
    kind,
    title(kind, service, category, rng),
    category,
    service.name,
    priority,
    channel,
    group,
    assignee,
    plan.people.names[who] ?? null,
    plan.people.emails[who] ?? null,
    opened,
    answered ? response : null,
    open ? null : resolved,
    closed,
    responseDue,
    noSla ? null : resolutionLimit,
    level,
    fcr && !open,
    reopen,
    automated,
  ];
}

/**
 * Generates the demo tickets day by day, in batches of `batchSize` rows (memory stays flat for
 * a million tickets). Deterministic for a given rng state and plan.
 */
export function* ticketBatches(plan: TicketPlan, rng: Rng, batchSize: number): Generator<Cell[][]> {
  const counts = dailyCounts(plan.calendar, plan.total, rng);
  let batch: Cell[][] = [];
  let seq = 0;
  for (let d = 0; d < counts.length; d++) {
    const day = plan.calendar.days[d] as DemoDay;
    for (let k = 0; k < (counts[d] as number); k++) {
      batch.push(ticket(plan, day, ++seq, rng));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
