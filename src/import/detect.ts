import chardet from "chardet";
import iconv from "iconv-lite";

/** How a CSV input is read: its character encoding and its cell delimiter (detected when not given). */
export interface CsvDialect {
  /** An iconv-lite encoding name ("utf-8", "windows-1252", …). */
  encoding: string;
  delimiter: string;
}

/** Delimiters recognised by detection, in order of preference on a tie. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Bytes sampled from the start of a file to detect its dialect. */
export const SAMPLE_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Detects the encoding of a sample: a UTF-8 BOM or valid UTF-8 → utf-8; otherwise chardet's guess,
 * where any Latin-1 family guess (ISO-8859-1/15) becomes windows-1252 (its superset used by Excel
 * and most French exports, which also maps €, œ and curly quotes).
 */
export function detectEncoding(sample: Uint8Array): string {
  if (UTF8_BOM.every((b, i) => sample[i] === b)) return "utf-8";
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  try {
    // stream: true so a character cut at the sample's end is not taken for invalid UTF-8
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    // not UTF-8: ask chardet below
  }
  const guess = chardet.detect(sample);
  if (guess === null || /^(ISO-8859-1|ISO-8859-15|windows-1252|ASCII)$/i.test(guess)) return "windows-1252";
  return iconv.encodingExists(guess) ? guess : "windows-1252";
}

/**
 * Detects the delimiter from the first line of a decoded sample (quoted sections skipped): the most
 * frequent of `,` `;` tab `|`; a line with none of them is a one-column file (`,`).
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ",";
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** Normalises a user-given delimiter ("tab", "\\t", ";" …). */
export function delimiterOption(value: string): string {
  if (value === "tab" || value === "\\t") return "\t";
  return value;
}
