import type { Document, LineCounter, Node } from "yaml";
import { isMap, isNode, isScalar, isSeq } from "yaml";

/** A 1-based position in the manifest file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A position plus, for a scalar, the text as written ("1.0" where the value is the number 1). */
export interface Location extends Position {
  readonly source?: string;
}

const START: Position = { line: 1, column: 1 };

function positionOf(node: Node | null | undefined, lineCounter: LineCounter): Position | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where `path` is written: its value (or, with `target: "key"`, its key). A path that does not
 * exist (a missing field) resolves to the key of its deepest existing ancestor.
 */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  target: "value" | "key" = "value",
): Location {
  let node: unknown = doc.contents;
  let nearest: Position = positionOf(doc.contents, lineCounter) ?? START;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) return nearest;
      const keyPosition = isNode(pair.key) ? positionOf(pair.key, lineCounter) : undefined;
      nearest = keyPosition ?? nearest;
      if (last && target === "key") return nearest;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!isNode(item)) return nearest;
      nearest = positionOf(item, lineCounter) ?? nearest;
      node = item;
    } else {
      return nearest;
    }
  }
  const position = (isNode(node) ? positionOf(node, lineCounter) : undefined) ?? nearest;
  return isScalar(node) && typeof node.source === "string"
    ? { ...position, source: node.source }
    : position;
}
