import i18next, { type i18n, type Resource } from "i18next";
import { LRUCache } from "lru-cache";
import { catalogs } from "./catalog/index.js";

/** The languages kpibot speaks. */
export type Locale = "en" | "fr";

/** Every supported locale. */
export const LOCALES: readonly Locale[] = ["en", "fr"];

let instance: i18n | undefined;

/** The i18next instance, initialised once with every catalog namespace (synchronous: resources are bundled). */
export function i18nInstance(): i18n {
  if (instance) return instance;
  const resources: Resource = {};
  for (const locale of LOCALES) {
    resources[locale] = Object.fromEntries(Object.entries(catalogs).map(([ns, byLocale]) => [ns, byLocale[locale]]));
  }
  const inst = i18next.createInstance();
  void inst.init({
    resources,
    lng: "en",
    fallbackLng: "en",
    ns: Object.keys(catalogs),
    defaultNS: "common",
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof inst.init>[0]);
  instance = inst;
  return inst;
}

/** Translates `namespace:key` (or a key of `common`) into the locale, with {{variables}}. */
export function t(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  // The catalogs never change while kpibot runs: the same key and values give the same text. A burst of people
  // reading the same answers asks for the same texts thousands of times, and i18next takes microseconds a call.
  // Long values (a person's comment, a list) are not kept: they repeat little and would hold memory.
  const values = JSON.stringify(vars);
  const memoKey = values.length <= MEMO_MAX_VALUES ? `${locale}\u0000${key}\u0000${values}` : undefined;
  const known = memoKey === undefined ? undefined : translated.get(memoKey);
  if (known !== undefined) return known;
  let translate = fixed.get(locale);
  if (!translate) {
    translate = i18nInstance().getFixedT(locale);
    fixed.set(locale, translate);
  }
  const text = translate(key, vars) as string;
  if (memoKey !== undefined) translated.set(memoKey, text);
  return text;
}

/** The longest values (as JSON) whose text is kept. */
const MEMO_MAX_VALUES = 200;

/** Texts already translated, by locale, key and values (bounded: the most recent 5,000). */
const translated = new LRUCache<string, string>({ max: 5_000 });

/** One bound translator per locale (getFixedT builds a new function at every call). */
const fixed = new Map<Locale, ReturnType<i18n["getFixedT"]>>();

/** Normalises a platform locale ("fr-FR", "fr_CA", "en-US") to one kpibot speaks, or undefined. */
export function toLocale(value: string | undefined | null): Locale | undefined {
  const lang = value?.slice(0, 2).toLowerCase();
  return lang === "fr" || lang === "en" ? lang : undefined;
}

/** The BCP-47 tag used for number and date formats. */
export function intlTag(locale: Locale): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}
