import { existsSync } from "node:fs";
import { join } from "node:path";
import { GlobalFonts } from "@napi-rs/canvas";
import { packageRoot } from "../paths.js";

/** The font family chart text is drawn in (shipped under assets/fonts, so containers without fonts still get text). */
export const CHART_FONT_FAMILY = "DejaVu Sans";

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] as const;

let registered: boolean | undefined;

/**
 * Registers the shipped fonts with the canvas once. Returns false when none could be
 * registered (the canvas then falls back to whatever the system has).
 */
export function registerChartFonts(): boolean {
  if (registered !== undefined) return registered;
  let count = 0;
  for (const file of FONT_FILES) {
    const path = join(packageRoot, "assets", "fonts", file);
    if (existsSync(path) && GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY)) count++;
  }
  registered = count > 0;
  return registered;
}
