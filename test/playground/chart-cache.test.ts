import { describe, expect, it } from "vitest";
import { ChartCache, imageRef } from "../../adapters/playground/chart-images.js";

describe("ChartCache", () => {
  it("serves a PNG until it expires", () => {
    let now = 1_000;
    const cache = new ChartCache(() => now, 10, 60_000);
    const id = cache.put(new Uint8Array([1, 2]));
    now += 59_999;
    expect(cache.get(id)).toEqual(new Uint8Array([1, 2]));
    now += 1;
    expect(cache.get(id)).toBeUndefined();
  });

  it("drops the oldest entries beyond its size", () => {
    const cache = new ChartCache(() => 0, 2, 60_000);
    const [a, b, c] = [1, 2, 3].map((n) => cache.put(new Uint8Array([n])));
    expect(cache.get(a ?? "")).toBeUndefined();
    expect(cache.get(b ?? "")).toEqual(new Uint8Array([2]));
    expect(cache.get(c ?? "")).toEqual(new Uint8Array([3]));
  });
});

describe("imageRef", () => {
  const cache = new ChartCache(() => 0);

  it("keeps web URLs and refuses other schemes", () => {
    expect(imageRef({ kind: "url", url: "https://quickchart.example/chart?c=1" }, cache)).toEqual({
      src: "https://quickchart.example/chart?c=1",
    });
    expect(imageRef({ kind: "url", url: "javascript:alert(1)" }, cache)).toBeUndefined();
  });

  it("turns PNG bytes into a cache URL with the picture's size", () => {
    const ref = imageRef({ kind: "png", bytes: new Uint8Array([9]), width: 800, height: 400 }, cache);
    expect(ref?.src).toMatch(/^\/playground\/charts\/[0-9a-f-]{36}\.png$/);
    expect(ref).toMatchObject({ width: 800, height: 400 });
    expect(cache.get(ref?.src.slice("/playground/charts/".length, -4) ?? "")).toEqual(new Uint8Array([9]));
  });
});
