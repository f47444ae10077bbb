import { createCanvas } from "@napi-rs/canvas";

/** The app's accent colour (manifest `accentColor`, colour icon background). */
export const ACCENT_COLOR = "#2F5AA8";

/** Teams' icon sizes: colour 192×192, outline 32×32 (white on transparent). */
export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Three rising bars on a baseline, in a square of `size` px with `pad` px of margin (integer edges: no grey anti-aliasing). */
function drawBars(ctx: ReturnType<ReturnType<typeof createCanvas>["getContext"]>, size: number, pad: number): void {
  const inner = size - 2 * pad;
  const unit = Math.floor(inner / 7);
  const base = pad + inner - unit;
  ctx.fillStyle = "#FFFFFF";
  ctx.fillRect(pad, base, inner, unit);
  const heights = [2, 4, 6];
  heights.forEach((h, i) => {
    const x = pad + unit * (1 + 2 * i);
    const height = Math.floor((h * (inner - unit)) / 6);
    ctx.fillRect(x, base - height, unit, height);
  });
}

/** The 192×192 colour icon: white bars on the accent colour. */
export function drawColorIcon(): Buffer {
  const size = ICON_SIZES.color;
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = ACCENT_COLOR;
  ctx.fillRect(0, 0, size, size);
  drawBars(ctx, size, 40);
  return canvas.toBuffer("image/png");
}

/** The 32×32 outline icon: white bars on a transparent background, as Teams requires. */
export function drawOutlineIcon(): Buffer {
  const size = ICON_SIZES.outline;
  const canvas = createCanvas(size, size);
  drawBars(canvas.getContext("2d"), size, 2);
  return canvas.toBuffer("image/png");
}
