import { describe, expect, it } from "vitest";
import { cardImages, teamsCardRenderer } from "../../adapters/playground/teams-view.js";
import type { ChartSpec, Reply } from "../../src/reply/types.js";

const spec: ChartSpec = { kind: "bar", title: "t", unit: "percent", categories: [], series: [], locale: "en" };
const reply: Reply = {
  locale: "en",
  fallback: "FCR 72 %",
  blocks: [
    { type: "header", text: "FCR" },
    { type: "chart", spec, altText: "first" },
    { type: "text", text: "x" },
    { type: "chart", spec, altText: "second" },
    { type: "actions", actions: [{ actionId: "kpi.previous", label: "Previous period", value: "fcr 2026-09" }] },
  ],
};

/** Every object of a JSON tree, depth first. */
function nodes(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (typeof value !== "object" || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)];
}

describe("playground Teams view", () => {
  it("keys chart pictures by block index, marking data URIs as inline", () => {
    const map = cardImages(reply, [{ src: "data:image/png;base64,AA" }, { src: "https://charts.example/2.png" }]);
    expect([...map.entries()]).toEqual([
      [1, { url: "data:image/png;base64,AA", inline: true }],
      [3, { url: "https://charts.example/2.png", inline: false }],
    ]);
    expect([...cardImages(reply, [undefined, { src: "https://x/2.png" }]).keys()]).toEqual([3]);
  });

  it("renders the Teams adapter's Adaptive Card, with the pictures and the buttons' interactions", () => {
    const card = teamsCardRenderer(reply, [undefined, { src: "https://charts.example/2.png" }]);
    const all = nodes(card);
    expect(all[0]).toMatchObject({ type: "AdaptiveCard" });
    expect(all.filter((n) => n.type === "Image").map((n) => n.url)).toEqual(["https://charts.example/2.png"]);
    const submit = all.find((n) => n.type === "Action.Submit");
    expect(submit?.title).toBe("Previous period");
    expect(submit?.data).toEqual({ actionId: "kpi.previous", value: "fcr 2026-09" });
  });
});
