import { formatDateTime, formatNumber, formatPeriod, formatValue } from "../format/index.js";
import { type Locale, t } from "../i18n/index.js";
import type { TicketRow, TicketRows } from "../kpi/rows.js";
import type { KpiDefinition, KpiFilter, Period } from "../kpi/types.js";
import { ACTION_IDS, kpiCommand } from "../reply/commands.js";
import { ticketUrl } from "../reply/links.js";
import { markupToPlain, userText } from "../reply/markup.js";
import type { ExportSpec, Reply, ReplyBlock, ReplyListItem } from "../reply/types.js";

/** How many tickets a chat answer lists (the export has them all). */
export const LISTED_ROWS = 10;

/** What the replies say about the tickets, besides the rows themselves. */
export interface RowsView {
  definition: KpiDefinition;
  /** The asked period (its label makes the commands of the buttons). */
  period: Period;
  filters: readonly KpiFilter[];
  locale: Locale;
  timeZone: string;
  /** KPIBOT_TICKET_URL: each ticket links to its page in the ITSM tool. */
  ticketUrl?: string | undefined;
  /** The asker may not see per-person figures: the assignee column was not read (said once). */
  assigneeHidden: boolean;
  ephemeral: boolean;
}

/** Which tickets make a KPI's number, as words: "resolved in November 2026". */
function population(kpi: string, span: Pick<Period, "start" | "end" | "grain">, v: RowsView): string {
  const when = formatPeriod(span, v.locale, v.timeZone);
  const key = kpi === "backlog" ? "open" : OPENED.has(kpi) ? "opened" : "resolved";
  return t(v.locale, `numbers:rows.population_${key}`, { period: when });
}

const OPENED = new Set(["sla-response", "mtta", "volume", "channel-mix"]);

/** The span the rows cover: the asked period, or its elapsed part when it is not over. */
function spanOf(rows: TicketRows, v: RowsView): Pick<Period, "start" | "end" | "grain"> {
  const cut = rows.span.end.getTime() < v.period.end.getTime();
  return cut ? { ...rows.span, grain: "custom" } : v.period;
}

/** The command of the rows (`fcr 2026-11 for group=N1 tickets`) or of the export. */
export function rowsCommand(kpi: string, periodLabel: string, filters: readonly KpiFilter[], word: string): string {
  return `${kpiCommand(kpi, periodLabel, { filters })} ${word}`;
}

/** One ticket as a list line: its link (or id), then whether it counts against, its figure, when, where, what. */
function rowItem(row: TicketRow, kpi: string, v: RowsView): ReplyListItem {
  const { locale, timeZone } = v;
  const parts: string[] = [];
  if (row.against !== null) parts.push(row.against ? "⛔" : "✅");
  if (row.measure !== null) {
    parts.push(
      kpi === "backlog"
        ? t(locale, "numbers:rows.open", { days: formatNumber(row.measure, locale, 1) })
        : formatValue(row.measure, "hours", locale),
    );
  }
  const resolved = row.resolvedAt && !OPENED.has(kpi) && kpi !== "backlog";
  parts.push(
    resolved
      ? t(locale, "numbers:rows.resolved", { at: formatDateTime(row.resolvedAt as Date, locale, timeZone) })
      : t(locale, "numbers:rows.opened", { at: formatDateTime(row.openedAt, locale, timeZone) }),
  );
  // Everything below comes from the ITSM tool: written as text, never markup.
  if (row.group) parts.push(userText(row.group));
  if (row.priority !== null) parts.push(`P${row.priority}`);
  if (row.assignee) parts.push(`👤 ${userText(row.assignee)}`);
  const title = row.title?.trim() ? clipTitle(row.title.trim()) : t(locale, "numbers:rows.unknownTitle");
  parts.push(`“${userText(title)}”`);
  const url = ticketUrl(v.ticketUrl, row.externalId);
  const text = parts.join(" · ");
  return url ? { link: { url, label: row.externalId }, text } : { label: row.externalId, text };
}

function clipTitle(title: string): string {
  const chars = Array.from(title.replace(/\s+/g, " "));
  return chars.length > 70 ? `${chars.slice(0, 69).join("")}…` : chars.join("");
}

/** The header: "First contact resolution — November 2026: the tickets · group=N1". */
function header(key: "header" | "exportHeader", rows: TicketRows, v: RowsView): string {
  const period = formatPeriod(spanOf(rows, v), v.locale, v.timeZone);
  const base = t(v.locale, `numbers:rows.${key}`, { kpi: v.definition.name[v.locale], period });
  const filters = v.filters.map((f) => `${f.dimension}=${f.value}`).join(", ");
  return filters ? `${base} · ${userText(filters)}` : base;
}

/** "1 Nov 2026, 00:00 → 1 Dec 2026, 00:00, in Europe/Paris: the tickets behind the answer's number…". */
function contextText(rows: TicketRows, v: RowsView): string {
  const span = `${formatDateTime(rows.span.start, v.locale, v.timeZone)} → ${formatDateTime(rows.span.end, v.locale, v.timeZone)}`;
  return t(v.locale, "numbers:rows.context", { span, timeZone: v.timeZone });
}

/**
 * The tickets behind a number (`fcr last month tickets`, the "Tickets" button): how many make it and how many count
 * against a rate, then the first ones — those against it first — each linking to the ITSM tool when
 * KPIBOT_TICKET_URL is set, and an "Export (CSV)" button for all of them.
 */
export function rowsReply(rows: TicketRows, v: RowsView): Reply {
  const { locale } = v;
  const kpi = rows.kpi;
  const total = formatNumber(rows.total, locale, 0);
  const who = population(kpi, spanOf(rows, v), v);
  const summary =
    rows.against !== null
      ? t(locale, "numbers:rows.summaryRate", {
          total,
          population: who,
          against: formatNumber(rows.against, locale, 0),
          reason: t(locale, `numbers:rows.against_${kpi}`),
        })
      : t(locale, "numbers:rows.summary", { total, population: who });
  const count = rows.rows.length;
  const intro =
    count === 0
      ? t(locale, "numbers:rows.none")
      : rows.against !== null
        ? t(locale, "numbers:rows.firstAgainst", { count })
        : kpi === "backlog"
          ? t(locale, "numbers:rows.firstOldest", { count })
          : kpi === "mttr" || kpi === "mtta"
            ? t(locale, "numbers:rows.firstLongest", { count })
            : t(locale, "numbers:rows.first", { count });
  const blocks: ReplyBlock[] = [
    { type: "header", text: header("header", rows, v) },
    { type: "text", text: `${summary}\n${intro}` },
  ];
  if (count > 0) blocks.push({ type: "list", items: rows.rows.map((r) => rowItem(r, kpi, v)) });
  if (rows.total > 0) {
    blocks.push({
      type: "actions",
      actions: [
        {
          actionId: ACTION_IDS.export,
          label: t(locale, "numbers:rows.export"),
          value: rowsCommand(kpi, v.period.label, v.filters, "export"),
          style: "primary",
        },
      ],
    });
  }
  blocks.push({ type: "context", text: contextText(rows, v) });
  if (v.assigneeHidden) blocks.push({ type: "context", text: t(locale, "numbers:rows.assigneeHidden") });
  const fallback = [header("header", rows, v), summary].join(" — ").replace(/\*\*/g, "");
  // Said either way: a surface posts for everyone only what the core marks shared (src/reply/share.ts).
  return { locale, fallback, blocks, ephemeral: v.ephemeral };
}

/**
 * The export (`fcr last month export`, the "Export (CSV)" button): every ticket behind the number as a CSV file —
 * uploaded by Slack, a signed download link elsewhere (`url`).
 */
export function exportReply(
  rows: Pick<TicketRows, "kpi" | "span" | "total">,
  file: { name: string; spec: ExportSpec; url: string | null; rows: number; max: number },
  v: RowsView,
): Reply {
  const { locale } = v;
  const full: TicketRows = { ...rows, against: null, rows: [] };
  const title = header("exportHeader", full, v);
  const text = t(locale, "numbers:rows.exportText", {
    total: formatNumber(rows.total, locale, 0),
    population: population(rows.kpi, spanOf(full, v), v),
  });
  const capped =
    rows.total > file.max
      ? `\n${t(locale, "numbers:rows.exportCapped", { max: formatNumber(file.max, locale, 0), total: formatNumber(rows.total, locale, 0) })}`
      : "";
  const blocks: ReplyBlock[] = [
    { type: "header", text: title },
    { type: "text", text: `${text}${capped}` },
    {
      type: "file",
      file: { name: file.name, title: markupToPlain(title), rows: file.rows, spec: file.spec, url: file.url },
    },
    { type: "context", text: contextText(full, v) },
  ];
  if (v.assigneeHidden) blocks.push({ type: "context", text: t(locale, "numbers:rows.assigneeHidden") });
  return {
    locale,
    fallback: `${title} — ${text}`.replace(/\*\*/g, ""),
    blocks,
    ephemeral: v.ephemeral,
  };
}

/** The answer to rows of a KPI not made of tickets (budget, satisfaction…): which KPIs have them. */
export function notTicketsReply(def: KpiDefinition, kpis: readonly string[], locale: Locale): Reply {
  const text = t(locale, "numbers:rows.notTickets", {
    kpi: def.name[locale],
    kpis: kpis.map((k) => `\`${k}\``).join(", "),
  });
  return { locale, fallback: text.replace(/`/g, ""), blocks: [{ type: "text", text: `ℹ️ ${text}` }], ephemeral: true };
}
