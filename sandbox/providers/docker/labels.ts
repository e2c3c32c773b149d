import type { Shape } from "../shared/input-schema";
import { list, object, value } from "../shared/input-schema";

/** The official `labels` input shape: a list of `{ label, value }`. */
export const labelList: Shape = list(object({ label: value, value }));

/** `--label k=v` flags for the official label list. */
export function labelFlags(
  labels: readonly { label: string; value: string }[] | undefined,
): string[] {
  return (labels ?? []).flatMap((l) => ["--label", `${l.label}=${l.value}`]);
}

/** `<flag> k=v` pairs for a string map (driver options, log options, sysctls). */
export function mapFlags(flag: string, entries: Record<string, string> | undefined): string[] {
  return Object.entries(entries ?? {}).flatMap(([k, v]) => [flag, `${k}=${v}`]);
}
