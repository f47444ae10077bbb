import { type Mapping, type MappingInput, parseMapping } from "./mapping.js";

// Built-in mappings for ticket exports of common ITSM tools. Each lists the tool's API field names
// and the column labels of its CSV exports (English and, for GLPI, French) — the first column
// present with a value wins. Canonical priority: 1 critical … 4 low.

const LEVELS = [
  { match: "(^|[^a-z0-9])(n|l|niveau|level|tier)\\s*-?\\s*1([^0-9]|$)|service ?desk|help ?desk|support 1", level: 1 },
  { match: "(^|[^a-z0-9])(n|l|niveau|level|tier)\\s*-?\\s*2([^0-9]|$)", level: 2 },
  { match: "(^|[^a-z0-9])(n|l|niveau|level|tier)\\s*-?\\s*3([^0-9]|$)|expert", level: 3 },
];

/** GLPI tickets: API names (`name`, `date`, `solvedate`…) and the labels of GLPI's CSV export (FR and EN). */
const glpi: MappingInput = {
  columns: {
    id: "external_id",
    ID: "external_id",
    name: "title",
    Titre: "title",
    Title: "title",
    type: "kind",
    Type: "kind",
    date: "opened_at",
    "Date d'ouverture": "opened_at",
    "Opening date": "opened_at",
    takeintoaccountdate: "first_response_at",
    "Date de prise en compte": "first_response_at",
    "Take into account date": "first_response_at",
    solvedate: "resolved_at",
    "Date de résolution": "resolved_at",
    "Resolution date": "resolved_at",
    closedate: "closed_at",
    "Date de clôture": "closed_at",
    "Closing date": "closed_at",
    time_to_own: "response_due_at",
    "Temps de prise en charge": "response_due_at",
    "Time to own": "response_due_at",
    time_to_resolve: "resolution_due_at",
    "Temps de résolution": "resolution_due_at",
    "Time to resolve": "resolution_due_at",
    priority: "priority",
    Priorité: "priority",
    Priority: "priority",
    requesttypes_id: "channel",
    "Source de la demande": "channel",
    "Request source": "channel",
    itilcategories_id: "category",
    Catégorie: "category",
    Category: "category",
    "Attribué à - Groupe": "group",
    "Assigned to - Group": "group",
    groups_id_assign: "group",
    "Attribué à - Technicien": "assignee",
    "Assigned to - Technician": "assignee",
    users_id_assign: "assignee",
    "Demandeur - Demandeur": "requester",
    "Requester - Requester": "requester",
    users_id_requester: "requester",
  },
  values: {
    kind: { "1": "incident", "2": "request", Incident: "incident", Demande: "request", Request: "request" },
    // GLPI: 6 major, 5 very high, 4 high, 3 medium, 2 low, 1 very low
    priority: {
      "6": 1,
      "5": 1,
      "4": 2,
      "3": 3,
      "2": 4,
      "1": 4,
      Majeure: 1,
      "Très haute": 1,
      Haute: 2,
      Moyenne: 3,
      Basse: 4,
      "Très basse": 4,
      Major: 1,
      "Very high": 1,
      High: 2,
      Medium: 3,
      Low: 4,
      "Very low": 4,
    },
    channel: {
      Helpdesk: "portal",
      "E-Mail": "email",
      Email: "email",
      Courriel: "email",
      Phone: "phone",
      Téléphone: "phone",
      Direct: "walk_in",
    },
  },
  unmapped: { channel: "empty" },
  compact: ["external_id"],
  dates: { formats: ["dd/MM/yyyy HH:mm", "yyyy-MM-dd HH:mm:ss"] },
  derive: { support_level: { from: "group", rules: LEVELS }, first_contact_resolution: "no_escalation" },
};

/** ServiceNow incidents: Table API field names and the column labels of list exports. */
const servicenow: MappingInput = {
  columns: {
    number: "external_id",
    Number: "external_id",
    short_description: "title",
    "Short description": "title",
    category: "category",
    Category: "category",
    business_service: "service",
    Service: "service",
    cmdb_ci: "service",
    "Configuration item": "service",
    priority: "priority",
    Priority: "priority",
    contact_type: "channel",
    Channel: "channel",
    "Contact type": "channel",
    assignment_group: "group",
    "Assignment group": "group",
    assigned_to: "assignee",
    "Assigned to": "assignee",
    caller_id: "requester",
    Caller: "requester",
    opened_at: "opened_at",
    Opened: "opened_at",
    resolved_at: "resolved_at",
    Resolved: "resolved_at",
    closed_at: "closed_at",
    Closed: "closed_at",
    reopen_count: "reopen_count",
    "Reopen count": "reopen_count",
    reassignment_count: "reassignment_count",
    "Reassignment count": "reassignment_count",
    sla_due: "resolution_due_at",
    "SLA due": "resolution_due_at",
    made_sla: "sla_met",
    "Made SLA": "sla_met",
  },
  values: {
    priority: { "1 - Critical": 1, "2 - High": 2, "3 - Moderate": 3, "4 - Low": 4, "5 - Planning": 4, "5": 4 },
    channel: {
      email: "email",
      phone: "phone",
      "self-service": "portal",
      "walk-in": "walk_in",
      chat: "chat",
      virtual_agent: "chat",
      "virtual agent": "chat",
      monitoring: "monitoring",
      alert: "monitoring",
      event: "monitoring",
    },
  },
  unmapped: { channel: "empty" },
  defaults: { kind: "incident" },
  dates: { formats: ["yyyy-MM-dd HH:mm:ss", "MM-dd-yyyy HH:mm:ss"] },
  derive: { support_level: { from: "group", rules: LEVELS }, first_contact_resolution: "no_reassignment" },
};

/** Jira Service Management: the columns of Jira's issue CSV export. */
const jira: MappingInput = {
  columns: {
    "Issue key": "external_id",
    Summary: "title",
    "Issue Type": "kind",
    Created: "opened_at",
    Resolved: "resolved_at",
    Priority: "priority",
    "Custom field (Request Type)": "category",
    "Request Type": "category",
    "Component/s": "service",
    "Custom field (Request channel)": "channel",
    "Request channel": "channel",
    Assignee: "assignee",
    Reporter: "requester",
  },
  values: {
    kind: {
      Incident: "incident",
      "Service Request": "request",
      "Service request with approvals": "request",
      Request: "request",
    },
    priority: {
      Highest: 1,
      Blocker: 1,
      Critical: 1,
      High: 2,
      Major: 2,
      Medium: 3,
      Low: 4,
      Minor: 4,
      Lowest: 4,
      Trivial: 4,
    },
    channel: { portal: "portal", anonymousportal: "portal", email: "email", phone: "phone", chat: "chat" },
  },
  unmapped: { channel: "empty" },
  dates: { formats: ["dd/MMM/yy h:mm a", "dd/MMM/yy HH:mm", "yyyy-MM-dd HH:mm", "dd/MM/yyyy HH:mm"] },
};

/** The built-in mappings by name (the API syncs reuse their value maps and derivations). */
const PRESETS = { glpi, servicenow, jira };

/** Preset names. */
export const PRESET_NAMES = ["glpi", "servicenow", "jira"] as const;
/** A preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** The built-in mapping of a tool's ticket export. */
export function presetMapping(name: PresetName): Mapping {
  return parseMapping(PRESETS[name], `preset ${name}`);
}
