import { readFileSync } from "node:fs";

/**
 * Every input property name an official SDK resource class sends, read from its compiled
 * constructor (`resourceInputs["x"] = args?.x`), so tests can cover each one the stand-in refuses.
 */
export function officialInputNames(sdkModule: string): string[] {
  const source = readFileSync(require.resolve(sdkModule), "utf8");
  const names = [...source.matchAll(/resourceInputs\["(\w+)"\] = (?:\()?args\?\.\w+/g)].map(
    (m) => m[1] as string,
  );
  return [...new Set(names)].sort();
}
