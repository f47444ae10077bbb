import type { DimMap } from "../aggregate.js";
import { aggregateCalculator, type KpiCalculator } from "../calculator.js";
import { raw } from "../sql.js";

const CHANGE_DIMS: DimMap = {
  service: { expr: "c.service", type: "text" },
  kind: { expr: "c.kind", type: "text" },
};

const all = () => "COUNT(*)";

/** Change KPIs by id (changes completed in the period: deployed_at in range, on changes_deployed_at_idx). */
export const CHANGE_CALCULATORS: Record<string, KpiCalculator> = {
  deployments: aggregateCalculator({
    from: "changes c",
    time: "c.deployed_at",
    where: () => [raw("c.kind = 'feature' AND c.outcome = 'success'")],
    num: all,
    n: all,
    dims: CHANGE_DIMS,
  }),
  "change-success": aggregateCalculator({
    from: "changes c",
    time: "c.deployed_at",
    num: () => "SUM(CASE WHEN c.outcome = 'success' THEN 1 ELSE 0 END)",
    den: all,
    n: all,
    scale: 100,
    dims: CHANGE_DIMS,
  }),
};
