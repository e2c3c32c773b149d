import type { ManifestProblem } from "./problems";
import { formatPath } from "./problems";
import { secretKind } from "./secret-kind";
import type { Locator } from "./zod-issues";

function* strings(value: unknown, path: PropertyKey[]): Generator<[PropertyKey[], string]> {
  if (typeof value === "string") {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* strings(item, [...path, index]);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
  }
}

/** Fields whose schema rejects secrets with a message of its own. */
const CHECKED_BY_SCHEMA = new Set(["alerts.webhookConfigKey"]);

/**
 * Secret-looking values anywhere in the manifest, whatever the field: the manifest lives in git,
 * so a webhook URL, token or key must be moved to Pulumi config before anything else happens.
 */
export function scanForSecrets(input: unknown, file: string, where: Locator): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const [path, value] of strings(input, [])) {
    const kind = secretKind(value);
    if (kind === undefined || CHECKED_BY_SCHEMA.has(formatPath(path))) continue;
    const { line, column } = where(path, "value");
    problems.push({
      file,
      line,
      column,
      path: formatPath(path),
      expected:
        "no secrets in the manifest (store them with `pulumi config set --secret <key> <value>` and name the key here; docs/manifest.md#secrets)",
      found: `${kind} (value hidden)`,
    });
  }
  return problems;
}
