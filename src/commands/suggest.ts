import { distance } from "fastest-levenshtein";

/** How many edits a word of this length may be away from a candidate and still be suggested. */
function tolerance(length: number): number {
  if (length <= 2) return 1;
  if (length <= 4) return 1;
  if (length <= 7) return 2;
  return 3;
}

/** Whether b is a with two neighbouring letters swapped ("lsit" / "list"): one slip, not two. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}

/**
 * "Did you mean": candidates within a few edits of the word (or starting with it), best first.
 * `display` maps a candidate to what the user should type (e.g. a KPI alias to its id).
 */
export function suggest(
  word: string,
  candidates: Iterable<string>,
  display: (candidate: string) => string = (c) => c,
  max = 3,
): string[] {
  const w = word.toLowerCase();
  if (w === "" || w.length > 60) return [];
  const scored: { shown: string; score: number }[] = [];
  for (const c of candidates) {
    let score = isTransposition(w, c) ? 1 : distance(w, c);
    // "escal" → "escalation": a typed prefix of a long word is a strong hint.
    if (w.length >= 3 && c.startsWith(w)) score = Math.min(score, 1);
    if (score <= tolerance(Math.max(w.length, 1))) scored.push({ shown: display(c), score });
  }
  scored.sort((a, b) => a.score - b.score || a.shown.localeCompare(b.shown));
  const out: string[] = [];
  for (const s of scored) {
    if (!out.includes(s.shown)) out.push(s.shown);
    if (out.length >= max) break;
  }
  return out;
}
