import { givenExtras } from "./legacy-extra-fields";
import type { ManifestWarning } from "./problems";
import type { Locator } from "./zod-issues";

/**
 * One warning per extra field a legacy manifest gives, at its key: the v1 field and value it is
 * read as, or that it is ignored and what takes its place. Nothing is dropped silently.
 */
export function legacyWarnings(legacy: unknown, file: string, where: Locator): ManifestWarning[] {
  const warnings = givenExtras(legacy).map(({ extra, v1Value }) => {
    const { line, column } = where(extra.path.split("."), "key");
    const message =
      extra.becomes === undefined
        ? `ignored: ${extra.note}`
        : `read as ${extra.becomes}: ${JSON.stringify(v1Value)} (${extra.note})`;
    return { file, line, column, path: extra.path, message };
  });
  return warnings.sort((a, b) => a.line - b.line || a.column - b.column);
}
