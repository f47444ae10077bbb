import type { Provider } from "../../src/store/db.js";
import type { BenchCase } from "../cases.js";
import { backlogBaselines } from "./backlog.js";
import { ratioBaselines } from "./ratio.js";
import type { Baseline } from "./types.js";

export { type Baseline, runBaseline } from "./types.js";

/** The hand-written SQL candidates of a case; the bench times them all and keeps the fastest as "best". */
export function baselinesFor(c: BenchCase, provider: Provider): Baseline[] {
  if (c.kpi === "backlog") return backlogBaselines(c, provider);
  return ratioBaselines({ ...c, kpi: c.kpi }, provider);
}
