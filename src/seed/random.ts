/** A seeded pseudo-random source: same seed, same sequence, on every machine. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** Turns any seed (number or text) into a 32-bit integer (FNV-1a over its text form). */
export function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for demo data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A child generator for one part of the data, so that adding a family never shifts another's numbers. */
export function forkRng(seed: number | string, part: string): Rng {
  return mulberry32(hashSeed(`${seed}/${part}`));
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** Uniform integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

/** Uniform real in [min, max). */
export function between(rng: Rng, min: number, max: number): number {
  return min + rng.next() * (max - min);
}

/** Exponentially distributed value with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  return -Math.log(1 - rng.next()) * mean;
}

/** Roughly normal (sum of three uniforms: cheap, bounded, bell-shaped). */
export function normalish(rng: Rng, mean: number, sd: number): number {
  return mean + (rng.next() + rng.next() + rng.next() - 1.5) * 2 * sd;
}

/** Picks one element uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng.next() * items.length)];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
}

/** A precomputed weighted choice over fixed items (cumulative weights, linear scan: lists are short). */
export class Weighted<T> {
  private readonly items: readonly T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    let sum = 0;
    this.cumulative = entries.map(([, w]) => {
      sum += Math.max(0, w);
      return sum;
    });
    this.total = sum;
    if (entries.length === 0 || sum <= 0) throw new Error("Weighted needs at least one positive weight");
  }

  /** Draws one item. */
  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    for (let i = 0; i < this.cumulative.length; i++) {
      if (x < (this.cumulative[i] as number)) return this.items[i] as T;
    }
    return this.items[this.items.length - 1] as T;
  }
}
