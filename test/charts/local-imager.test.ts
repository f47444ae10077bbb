import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { registerChartFonts } from "../../src/charts/fonts.js";
import { LocalChartImager } from "../../src/charts/local-imager.js";
import { PALETTE } from "../../src/charts/palette.js";
import { kpiReply } from "../../src/reply/kpi-reply.js";
import { scorecardReply } from "../../src/reply/scorecard-reply.js";
import type { ChartSpec, Reply } from "../../src/reply/types.js";
import { def, fcrResult, month, mttrResult } from "./fixtures.js";

const OUT = join("test-results", "charts");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chartOf(reply: Reply): ChartSpec {
  const block = reply.blocks.find((b) => b.type === "chart");
  if (block?.type !== "chart") throw new Error("reply has no chart");
  return block.spec;
}

/** How many pixels have exactly this #rrggbb colour, and how many are not white. */
function census(png: PNG, hex: string): { exact: number; nonWhite: number } {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  let exact = 0;
  let nonWhite = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [pr, pg, pb] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (pr === r && pg === g && pb === b) exact++;
    if (pr !== 255 || pg !== 255 || pb !== 255) nonWhite++;
  }
  return { exact, nonWhite };
}

const breakdown = fcrResult({
  breakdown: {
    dimension: "group",
    hidden: 0,
    rows: [
      { key: "Réseau", value: 55, n: 120, previous: 61, change: -6, impact: -0.6, target: 70, status: "off_target" },
      {
        key: "Service Desk N1",
        value: 81.2,
        n: 600,
        previous: 78,
        change: 3.2,
        impact: 1.6,
        target: 70,
        status: "on_target",
      },
      {
        key: "Postes de travail",
        value: 66.4,
        n: 300,
        previous: 66,
        change: 0.4,
        impact: 0.1,
        target: 70,
        status: "watch",
      },
      {
        key: "Applications métier",
        value: 72.5,
        n: 214,
        previous: 70,
        change: 2.5,
        impact: 0.4,
        target: 70,
        status: "on_target",
      },
    ],
    movers: [],
  },
});

const cases: [string, ChartSpec, string][] = [
  ["trend-fcr-fr", chartOf(kpiReply(fcrResult(), "fr")), PALETTE.primary],
  ["trend-mttr-en", chartOf(kpiReply(mttrResult(), "en")), PALETTE.primary],
  ["breakdown-fcr-fr", chartOf(kpiReply(breakdown, "fr")), PALETTE.status.watch],
  [
    "distribution-channel-mix-en",
    chartOf(
      kpiReply(
        fcrResult({
          kpi: "channel-mix",
          definition: def("channel-mix"),
          value: null,
          target: null,
          status: "no_target",
          distribution: [
            { key: "portal", value: 420, share: 42, n: 420 },
            { key: "email", value: 300, share: 30, n: 300 },
            { key: "phone", value: 180, share: 18, n: 180 },
            { key: "chat", value: 70, share: 7, n: 70 },
            { key: "walk-in", value: 30, share: 3, n: 30 },
          ],
        }),
        "en",
      ),
    ),
    PALETTE.series[0],
  ],
  [
    "scorecard-fr",
    chartOf(
      scorecardReply(
        [
          fcrResult(),
          mttrResult(),
          fcrResult({ kpi: "sla", definition: def("sla"), value: 91.3, target: 95, status: "watch" }),
          fcrResult({ kpi: "escalation", definition: def("escalation"), value: 31, target: 25, status: "off_target" }),
          fcrResult({
            kpi: "satisfaction",
            definition: def("satisfaction"),
            value: 88,
            target: 85,
            status: "on_target",
          }),
        ],
        month(2026, 10),
        "fr",
      ),
    ),
    PALETTE.status.off_target,
  ],
];

describe("LocalChartImager", () => {
  mkdirSync(OUT, { recursive: true });
  const imager = new LocalChartImager();

  it("ships a font, so text is drawn even where the system has none", () => {
    expect(registerChartFonts()).toBe(true);
  });

  it.each(cases)("draws %s as a readable PNG", async (name, spec, colour) => {
    const image = await imager.render(spec);
    if (image.kind !== "png") throw new Error("expected PNG bytes");
    writeFileSync(join(OUT, `${name}.png`), image.bytes);
    expect(image.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const png = PNG.sync.read(image.bytes);
    expect([png.width, png.height]).toEqual([image.width, image.height]);
    expect(png.width).toBe(800);
    expect(png.height).toBeGreaterThanOrEqual(400);
    // An opaque white background (corners), something drawn, and the series/status colour present.
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    const { exact, nonWhite } = census(png, colour);
    expect(nonWhite).toBeGreaterThan(png.width * png.height * 0.02);
    expect(exact).toBeGreaterThan(100);
  });

  it("honours a fixed size", async () => {
    const image = await new LocalChartImager({ width: 400, height: 300 }).render(cases[0]?.[1] as ChartSpec);
    if (image.kind !== "png") throw new Error("expected PNG bytes");
    const png = PNG.sync.read(image.bytes);
    expect([png.width, png.height]).toEqual([400, 300]);
  });

  it("warms up (renderer loaded, one picture drawn) and then draws the same pictures as before", async () => {
    const imager = new LocalChartImager();
    await imager.warm();
    const spec = chartOf(kpiReply(fcrResult(), "en"));
    const after = await imager.render(spec);
    expect(after.kind).toBe("png");
    if (after.kind !== "png") return;
    expect(Buffer.from(after.bytes.subarray(0, 8)).equals(PNG_SIGNATURE)).toBe(true);
    const cold = await new LocalChartImager().render(spec);
    if (cold.kind !== "png") throw new Error("not a png");
    expect(Buffer.from(after.bytes).equals(Buffer.from(cold.bytes))).toBe(true);
  });
});
