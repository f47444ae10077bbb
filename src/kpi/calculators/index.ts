import type { KpiCalculator } from "../calculator.js";
import { ADHERENCE_CALCULATORS } from "./adherence.js";
import { CHANGE_CALCULATORS } from "./changes.js";
import { FINANCE_CALCULATORS } from "./finance.js";
import { ORGANISATION_CALCULATORS } from "./organisation.js";
import { PERCEPTION_CALCULATORS } from "./perception.js";
import { TICKET_CALCULATORS } from "./tickets.js";

/** How each KPI of the catalog is computed, by KPI id (a test checks every definition has one). */
export const CALCULATORS: Readonly<Record<string, KpiCalculator>> = {
  ...TICKET_CALCULATORS,
  ...CHANGE_CALCULATORS,
  ...FINANCE_CALCULATORS,
  ...ORGANISATION_CALCULATORS,
  ...ADHERENCE_CALCULATORS,
  ...PERCEPTION_CALCULATORS,
};
