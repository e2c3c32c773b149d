import { CST, Parser } from "yaml";

/** The concrete syntax tree of a YAML text: editing it and printing it back keeps every byte not edited. */
export interface YamlTree {
  readonly tokens: CST.Token[];
  /** The first document's top-level block mapping, when it is one. */
  readonly root: CST.BlockMap | undefined;
}

/** Parses text into tokens (never throws; the schema check reports broken YAML). */
export function parseTree(text: string): YamlTree {
  const tokens = [...new Parser().parse(text)];
  const doc = tokens.find((t): t is CST.Document => t.type === "document");
  const root = doc?.value?.type === "block-map" ? doc.value : undefined;
  return { tokens, root };
}

/** The text of the tree, byte for byte the input except where it was edited. */
export function printTree(tree: YamlTree): string {
  return tree.tokens.map((token) => CST.stringify(token)).join("");
}

function keyName(item: CST.BlockMap["items"][number]): string | undefined {
  return item.key !== null && item.key !== undefined && CST.isScalar(item.key)
    ? CST.resolveAsScalar(item.key)?.value
    : undefined;
}

/** The index of `key` in a block mapping, or -1. */
export function itemIndex(map: CST.BlockMap, key: string): number {
  return map.items.findIndex((item) => keyName(item) === key);
}

/** The value under `path` when every step is a block mapping key; undefined otherwise. */
export function valueAt(
  map: CST.BlockMap | undefined,
  path: readonly string[],
): CST.Token | undefined {
  let node: CST.Token | undefined = map;
  for (const key of path) {
    if (node?.type !== "block-map") return undefined;
    const item: CST.BlockMap["items"][number] | undefined = node.items[itemIndex(node, key)];
    node = item?.value ?? undefined;
  }
  return node;
}

/** The block mapping under `path`, or undefined (absent, or written in flow style). */
export function blockMapAt(
  map: CST.BlockMap | undefined,
  path: readonly string[],
): CST.BlockMap | undefined {
  const node = valueAt(map, path);
  return node?.type === "block-map" ? node : undefined;
}

/** Replaces a scalar value in place, keeping its comment and line end; false when it is no scalar. */
export function setScalar(
  map: CST.BlockMap | undefined,
  path: readonly string[],
  value: string,
  quoted: boolean,
): boolean {
  const node = valueAt(map, path);
  if (node === undefined || !CST.isScalar(node)) return false;
  CST.setScalarValue(node, value, { type: quoted ? "QUOTE_DOUBLE" : "PLAIN" });
  return true;
}

/**
 * Removes `key` (with the comment lines just above it) from a block mapping; false when absent or
 * when it is the first key, whose indentation sits in the parent's separator (release edits never
 * remove the first key).
 */
export function deleteItem(map: CST.BlockMap, key: string): boolean {
  const index = itemIndex(map, key);
  if (index <= 0) return false;
  map.items.splice(index, 1);
  return true;
}

/**
 * Appends `key` with a block mapping of plain values after the last item of `map`, indented like
 * its siblings (`childIndent` spaces for the nested keys).
 */
export function appendBlock(
  map: CST.BlockMap,
  key: string,
  entries: readonly (readonly [string, string])[],
  childIndent: number,
): boolean {
  const last = map.items[map.items.length - 1];
  if (last === undefined || !endsWithNewline(last)) return false;
  const pad = " ".repeat(map.indent);
  const inner = " ".repeat(childIndent);
  const snippet = `${key}:\n${entries.map(([k, v]) => `${inner}${k}: ${v}\n`).join("")}`;
  const parsed = parseTree(snippet).root?.items[0];
  if (parsed === undefined) return false;
  map.items.push({
    ...parsed,
    start: [{ type: "space", offset: 0, indent: 0, source: pad }, ...parsed.start],
  });
  return true;
}

function endsWithNewline(item: CST.BlockMap["items"][number]): boolean {
  const text = CST.stringify(item as unknown as CST.Token);
  return text.endsWith("\n");
}
