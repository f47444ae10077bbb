/** The neutral reply model: builders (KPI answers, scorecard, explain, list, help, notices), its markup and renderers. */
export { explainReply, helpReply, listReply, messageReply } from "./catalog-replies.js";
export {
  ACTION_IDS,
  explainCommand,
  filterText,
  type KpiActionId,
  kpiCommand,
  quoteValue,
  STATUS_EMOJI,
  scorecardCommand,
} from "./commands.js";
export { hasData, kpiReply } from "./kpi-reply.js";
export { type MarkupSpan, markupToPlain, parseMarkup, userCode, userText } from "./markup.js";
export { type ReplyOptions, statusText } from "./options.js";
export { type JsonObject, type JsonValue, renderJson } from "./render-json.js";
export { renderText } from "./render-text.js";
export { rankScorecard, scorecardReply, scoreOfTarget } from "./scorecard-reply.js";
export type { ChartKind, ChartSeries, ChartSpec, Reply, ReplyAction, ReplyBlock, ReplyField } from "./types.js";
