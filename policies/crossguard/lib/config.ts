/** What every policy callback receives that carries configuration. */
interface HasConfig {
  getConfig<T extends object>(): T;
}

/**
 * The policy's configuration over its defaults. The engine fills in configSchema defaults itself;
 * merging here too keeps direct calls (tests, older CLIs) on the same values.
 */
export function configOf<T extends object>(args: HasConfig, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** A JSON-schema property: a list of strings. */
export function stringList(description: string, pattern?: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const, ...(pattern === undefined ? {} : { pattern }) },
    default: [] as string[],
    description,
  };
}
