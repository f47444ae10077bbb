/** The KPI engine: catalog, computation in the database, JSON output. */
export { ANONYMITY_THRESHOLD } from "./anonymity.js";
export { impactOf } from "./breakdown.js";
export { findKpi, KPI_DEFINITIONS, kpiWords } from "./definitions.js";
export { createKpiEngine, type KpiEngine, type KpiEngineDeps, SERIES_LENGTH } from "./engine.js";
export { NUMERIC_DIMENSIONS, numericFilterValue } from "./filters.js";
export { type KpiJson, periodJson, toKpiJson } from "./json.js";
export { changeKindOf, changeOf, projectNext, resolveTarget, statusOf, WATCH_TOLERANCE } from "./status.js";
export type * from "./types.js";
export { DIMENSIONS } from "./types.js";
