import type { KpiStatus } from "../kpi/types.js";

/** The one colour palette of every kpibot chart (status colours match the 🟢/🟠/🔴 cues of replies). */
export const PALETTE = {
  /** The KPI's own line and bars when no status applies. */
  primary: "#1f5fa8",
  primaryFill: "rgba(31, 95, 168, 0.12)",
  /** The projection is the same series, dashed and lighter. */
  projection: "#6a9bd8",
  /** The target line: dark grey, dashed. */
  target: "#3d4650",
  status: {
    on_target: "#2e7d32",
    watch: "#e08600",
    off_target: "#c62828",
    no_target: "#607d8b",
    no_data: "#b0bec5",
  } satisfies Record<KpiStatus, string>,
  /** Slices of distributions (Tableau 10: distinct, readable for most colour-blind readers). */
  series: [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
  ],
  text: "#1f2328",
  muted: "#57606a",
  grid: "#e4e7eb",
  background: "#ffffff",
} as const;

/** The colour of a distribution slice by position (cycles past the palette's end). */
export function seriesColor(index: number): string {
  return PALETTE.series[index % PALETTE.series.length] as string;
}

/** Default image size (pixels). */
export const DEFAULT_SIZE = { width: 800, height: 400 } as const;
