// Pure generators for the generated blocks of docs/manifest.md; scripts/manifest/write.ts writes
// them and test/unit/core/manifest/docs.test.ts checks the committed page matches.
import { OVERRIDABLE_FIELDS } from "../../core/manifest";

/** The manifest reference page, relative to the repository root. */
export const MANIFEST_DOCS_PATH = "docs/manifest.md";

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  description?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

// zod's z.int() bounds itself by the safe-integer range: not worth printing.
const bound = (n: number | undefined) =>
  n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n;

function range(schema: JsonSchema): string {
  const exclusive = bound(schema.exclusiveMinimum);
  const low = exclusive !== undefined ? `>${exclusive}` : bound(schema.minimum);
  const high = bound(schema.maximum);
  if (low === undefined && high === undefined) return "";
  if (high === undefined) return typeof low === "string" ? ` ${low}` : ` ≥${low}`;
  return ` ${low ?? ""}–${high}`;
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum !== undefined)
    return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" / ");
  switch (schema.type) {
    case "integer":
      return `integer${range(schema)}`;
    case "number":
      return `number${range(schema)}`;
    case "array":
      return `list of ${schema.items === undefined ? "values" : typeOf(schema.items)}`;
    case "object":
      return "mapping";
    default:
      return schema.type ?? "value";
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function rows(schema: JsonSchema, prefix: string, required: boolean): string[] {
  const fallback = required ? "**required**" : "unset";
  const value = schema.default === undefined ? fallback : `\`${JSON.stringify(schema.default)}\``;
  const own = `| \`${prefix}\` | ${typeOf(schema)} | ${value} | ${cell(schema.description ?? "")} |`;
  const children = Object.entries(schema.properties ?? {}).flatMap(([name, child]) =>
    rows(child, `${prefix}.${name}`, schema.required?.includes(name) ?? false),
  );
  return [own, ...children];
}

/** One table per top-level section: path, type, default, meaning. */
export function renderFieldReference(manifestSchema: Record<string, unknown>): string {
  const root = manifestSchema as JsonSchema;
  const header = "| field | type | default | meaning |\n|---|---|---|---|";
  return Object.entries(root.properties ?? {})
    .map(([name, section]) => {
      const table = rows(section, name, root.required?.includes(name) ?? false).join("\n");
      return `### \`${name}\`\n\n${cell(section.description ?? "")}\n\n${header}\n${table}`;
    })
    .join("\n\n");
}

/** The overridable fields and how their text is read. */
export function renderOverrideTable(): string {
  const lines = Object.entries(OVERRIDABLE_FIELDS).map(
    ([name, kind]) => `| \`${name}\` | ${kind} |`,
  );
  return ["| override | value |", "|---|---|", ...lines].join("\n");
}

/** OPA data paths with the manifest field each comes from. */
export function renderOpaTable(fields: readonly (readonly [string, string])[]): string {
  const lines = fields.map(([opa, manifest]) => `| \`data.${opa}\` | \`policy.${manifest}\` |`);
  return ["| OPA data | manifest field |", "|---|---|", ...lines].join("\n");
}

/** The access-log fields: name, JSON type and the nginx variable behind it. */
export function renderLogFieldTable(
  fields: readonly {
    readonly name: string;
    readonly value: string;
    readonly type: string;
    readonly maxBytes?: number;
  }[],
): string {
  const lines = fields.map(
    (f) =>
      `| \`${f.name}\` | ${f.type} | \`${f.value}\` | ${f.maxBytes === undefined ? "–" : `${f.maxBytes} bytes, then \`...\``} |`,
  );
  return [
    "| field | JSON type | nginx variable | logged up to |",
    "|---|---|---|---|",
    ...lines,
  ].join("\n");
}

/** A path pattern for paths of equal depth: ["a.x", "b.x"] → "{a,b}.x"; listed when not a product. */
function braced(paths: readonly string[]): string {
  const split = paths.map((p) => p.split("."));
  const columns = (split[0] ?? []).map((_, i) => [
    ...new Set(split.map((segments) => segments[i])),
  ]);
  const product = columns.reduce((count, values) => count * values.length, 1);
  if (product !== paths.length) return paths.join("`, `");
  return columns
    .map((values) => (values.length === 1 ? values[0] : `{${values.join(",")}}`))
    .join(".");
}

/**
 * The legacy form's extra fields: where the original tool's users wrote them, the v1 field each is
 * read as (or "ignored") and the note its warning carries. Fields that share all three are one row.
 */
export function renderLegacyExtrasTable(
  extras: readonly { readonly path: string; readonly becomes?: string; readonly note: string }[],
): string {
  const groups = new Map<string, { paths: string[]; becomes?: string; note: string }>();
  for (const extra of extras) {
    const segments = extra.path.split(".");
    const key = JSON.stringify([segments.length, segments.at(-1), extra.becomes, extra.note]);
    const group = groups.get(key) ?? { paths: [], becomes: extra.becomes, note: extra.note };
    group.paths.push(extra.path);
    groups.set(key, group);
  }
  const lines = [...groups.values()].map(
    ({ paths, becomes, note }) =>
      `| \`${braced(paths)}\` | ${becomes === undefined ? "ignored" : `\`${becomes}\``} | ${cell(note).replace(/</g, "&lt;")} |`,
  );
  return [
    "| legacy field | becomes | why, and what to use instead |",
    "|---|---|---|",
    ...lines,
  ].join("\n");
}

const marker = (name: string, edge: "start" | "end") => `<!-- generated:${name}:${edge} -->`;

/** The text between a block's markers, or undefined if the markers are missing. */
export function extractBlock(markdown: string, name: string): string | undefined {
  const start = markdown.indexOf(marker(name, "start"));
  const end = markdown.indexOf(marker(name, "end"));
  if (start < 0 || end < start) return undefined;
  return markdown.slice(start + marker(name, "start").length, end).trim();
}

/** `markdown` with the named block's content replaced (markers must exist). */
export function replaceBlock(markdown: string, name: string, content: string): string {
  const start = markdown.indexOf(marker(name, "start"));
  const end = markdown.indexOf(marker(name, "end"));
  if (start < 0 || end < start) throw new Error(`docs are missing the ${name} markers`);
  return `${markdown.slice(0, start)}${marker(name, "start")}\n${content}\n${markdown.slice(end)}`;
}
