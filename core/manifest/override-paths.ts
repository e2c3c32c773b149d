/** Values as Pulumi config gives them; numbers and booleans from YAML are accepted as such. */
export type OverrideValue = string | number | boolean;

/**
 * Overrides as Pulumi config holds them: flat dotted names (`host.user: deploy`), nested objects
 * (what `pulumi config set --path swiftdeploy:overrides.host.user deploy` writes), or both mixed.
 */
export interface NestedOverrides {
  readonly [name: string]: OverrideValue | NestedOverrides;
}

/** The result of {@link flattenOverrides}: dotted names with their values, and what was wrong. */
export interface FlatOverrides {
  readonly values: Readonly<Record<string, OverrideValue>>;
  readonly problems: readonly string[];
}

function isScalar(value: unknown): value is OverrideValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * Dotted names from nested or flat overrides: `{host: {user: "deploy"}}` and `{"host.user":
 * "deploy"}` both give `host.user`. The same name given twice with different values is a problem,
 * as is a value that is neither text, number, boolean nor an object of them.
 */
export function flattenOverrides(raw: unknown): FlatOverrides {
  const values: Record<string, OverrideValue> = {};
  const problems: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (isScalar(node)) {
      const previous = values[prefix];
      if (previous !== undefined && previous !== node)
        problems.push(
          `${JSON.stringify(prefix)}: set twice (${JSON.stringify(previous)} and ${JSON.stringify(node)}), once dotted and once nested: keep one`,
        );
      else values[prefix] = node;
      return;
    }
    if (node === null || typeof node !== "object" || Array.isArray(node)) {
      problems.push(
        `${JSON.stringify(prefix || "swiftdeploy:overrides")}: expected text, a number, true/false or an object of them, found ${Array.isArray(node) ? "a list" : String(node)}`,
      );
      return;
    }
    for (const [key, value] of Object.entries(node))
      walk(value, prefix === "" ? key : `${prefix}.${key}`);
  };
  if (raw !== undefined && raw !== null) walk(raw, "");
  return { values, problems };
}
