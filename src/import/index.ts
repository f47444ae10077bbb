// The import pipeline's public surface (CLI, webhooks, syncs and tests use these).

export { detectDelimiter, detectEncoding } from "./detect.js";
export {
  compileMapping,
  type FamilyImportOptions,
  FIELD_KINDS,
  familyFor,
  importFamily,
  TABLE_FAMILIES,
  type TableFamilyName,
} from "./families/index.js";
export {
  importSurveyAnswers,
  SURVEY_ANSWER_HEADER,
  type SurveyAnswerImportOptions,
} from "./families/survey-answers.js";
export { parseDecimal, parseLocalInstant, readLocalTime } from "./local-values.js";
export { loadMappingFile, type Mapping, type MappingInput, mergeMappings, parseMapping } from "./mapping.js";
export { bindMapping, type FieldKinds, type HeaderBinder } from "./mapping-binder.js";
export { DEFAULT_BATCH_SIZE, runImport } from "./pipeline.js";
export { PRESET_NAMES, type PresetName, presetMapping } from "./presets.js";
export { INPUT_FORMATS, type InputFormat, type ReadOptions } from "./read-records.js";
export { rejectedReportPath } from "./report.js";
export {
  importTickets,
  resolvedIds,
  TICKET_CELLS,
  TICKET_CHANNELS,
  TICKET_HEADER,
  TICKET_KINDS,
  type TicketImportOptions,
  type TicketRow,
  ticketCells,
  ticketFamily,
  ticketFamilyIn,
} from "./tickets.js";
export { parseInstant } from "./timestamp.js";
export type * from "./types.js";
