import type { ManifestWarning } from "../core/manifest";
import { warningLines } from "../core/manifest";

/** A legacy manifest's warnings as the CLI prints them: the headline, then indented lines. */
export function manifestWarningLines(warnings: readonly ManifestWarning[]): string[] {
  return warningLines(warnings).map((line, index) => (index === 0 ? line : `  ${line}`));
}
