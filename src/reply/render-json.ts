import { assertNever } from "../format/index.js";
import type { ChartSpec, Reply, ReplyBlock } from "./types.js";

/** A value JSON can carry exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A number JSON can carry: NaN and ±Infinity become null (JSON.stringify would do so silently). */
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Drops undefined members so the output has only keys with values. */
function compact(obj: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** A chart spec as JSON data. */
function chartJson(spec: ChartSpec): JsonObject {
  return compact({
    kind: spec.kind,
    title: spec.title,
    subtitle: spec.subtitle,
    unit: spec.unit,
    locale: spec.locale,
    currency: spec.currency,
    categories: [...spec.categories],
    series: spec.series.map((s) =>
      compact({ name: s.name, values: s.values.map(num), labels: s.labels ? [...s.labels] : undefined }),
    ),
    target: spec.target === undefined ? undefined : num(spec.target),
    projection:
      spec.projection === undefined
        ? undefined
        : spec.projection === null
          ? null
          : { label: spec.projection.label, value: num(spec.projection.value) },
    statuses: spec.statuses ? [...spec.statuses] : undefined,
    categoryAxisLabel: spec.categoryAxisLabel,
    valueAxisLabel: spec.valueAxisLabel,
  });
}

/** One block as JSON data (exhaustive over the block types). */
function blockJson(block: ReplyBlock): JsonObject {
  switch (block.type) {
    case "header":
    case "text":
    case "context":
      return { type: block.type, text: block.text };
    case "fields":
      return compact({
        type: "fields",
        fields: block.fields.map((f) => ({ label: f.label, value: f.value })),
        status: block.status,
      });
    case "chart":
      return { type: "chart", altText: block.altText, spec: chartJson(block.spec) };
    case "actions":
      return {
        type: "actions",
        actions: block.actions.map((a) =>
          compact({ actionId: a.actionId, label: a.label, value: a.value, style: a.style }),
        ),
      };
    case "list":
      return {
        type: "list",
        items: block.items.map((i) =>
          compact({ link: i.link ? { ...i.link } : undefined, label: i.label, text: i.text }),
        ),
      };
    case "file": {
      const { spec, ...file } = block.file;
      return { type: "file", file: { ...file, spec: { ...spec, filters: spec.filters.map((f) => ({ ...f })) } } };
    }
    case "divider":
      return { type: "divider" };
    default:
      return assertNever(block);
  }
}

/** The reply as JSON-safe data (what `--json` prints and HTTP APIs return). */
export function renderJson(reply: Reply): JsonObject {
  return compact({
    locale: reply.locale,
    fallback: reply.fallback,
    ephemeral: reply.ephemeral,
    blocks: reply.blocks.map(blockJson),
  });
}
