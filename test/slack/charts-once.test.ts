import { describe, expect, it } from "vitest";
import { chartPreparer } from "../../adapters/slack/charts.js";
import { createLogger } from "../../src/logger.js";
import { kpiReply, tinyPng } from "./harness.js";

describe("Slack chart pictures", () => {
  it("twenty answers asked at once with the same chart draw and upload it once", async () => {
    let renders = 0;
    let uploads = 0;
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const preparer = chartPreparer(
      {
        async render() {
          renders++;
          await slow;
          return { kind: "png", bytes: tinyPng(), width: 2, height: 2 };
        },
      },
      async () => `F${++uploads}`,
    );
    const logger = createLogger("silent");
    const all = Promise.all(Array.from({ length: 20 }, () => preparer.prepare(kpiReply("fcr last month"), logger)));
    release();
    const refs = await all;
    expect(renders).toBe(1);
    expect(uploads).toBe(1);
    expect(new Set(refs.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify([{ kind: "slack_file", id: "F1" }])]),
    );
    // A failed drawing is not remembered: the next ask tries again.
    const failing = chartPreparer({ render: async () => Promise.reject(new Error("canvas")) }, async () => "F");
    expect(await failing.prepare(kpiReply("x"), logger)).toEqual([undefined]);
  });
});
