import type { DiffResult } from "@pulumi/pulumi/provider";
import type { InputSchema } from "./input-schema";
import type { Wire, WireRecord } from "./wire";
import { containsUnknowns, reveal } from "./wire";

function canonical(value: Wire): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) => {
      if (inner && typeof inner === "object" && !Array.isArray(inner)) {
        return Object.fromEntries(
          Object.entries(inner as Record<string, unknown>)
            .filter(([, v]) => v !== undefined && v !== null)
            .sort(([a], [b]) => a.localeCompare(b)),
        );
      }
      return inner;
    }) ?? "null"
  );
}

/** True when two wire values mean the same thing (secretness and member order aside). */
export function sameValue(a: Wire, b: Wire): boolean {
  return canonical(reveal(a ?? null)) === canonical(reveal(b ?? null));
}

/** Changed input keys between the recorded state and the new inputs, official defaults applied. */
export function changedKeys(olds: WireRecord, news: WireRecord, schema: InputSchema): string[] {
  return Object.entries(schema)
    .filter(([key, spec]) => {
      if (spec.computed && (news[key] === undefined || news[key] === null)) return false;
      if (containsUnknowns(news[key])) return true;
      return !sameValue(olds[key] ?? spec.default, news[key] ?? spec.default);
    })
    .map(([key]) => key);
}

/**
 * Diff by schema: any changed key is a change; keys marked "replace" force replacement.
 * `deleteBeforeReplace` is for resources whose fixed name would collide with their replacement.
 */
export function diffBySchema(
  olds: WireRecord,
  news: WireRecord,
  schema: InputSchema,
  deleteBeforeReplace = false,
): DiffResult {
  const changed = changedKeys(olds, news, schema);
  const replaces = changed.filter((key) => schema[key]?.change === "replace");
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
  };
}
