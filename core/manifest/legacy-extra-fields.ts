import { z } from "zod";
import type { LegacyExtra } from "./legacy-extras";
import { LEGACY_EXTRAS } from "./legacy-extras";

type Shape = Record<string, z.ZodOptional<z.ZodType>>;

/**
 * The zod shape of the extra fields directly under `prefix` ("" for the top level), leaving out
 * the blocks in `except` (those the legacy schema declares itself): leaves take their own schema,
 * blocks (`opa`, `policies.canary_safety`) are strict, so a key the original tool did not have is
 * still an error.
 */
export function legacyExtraShape(
  prefix: string,
  except: readonly string[] = [],
  extras = LEGACY_EXTRAS,
): Shape {
  const start = prefix === "" ? "" : `${prefix}.`;
  const below = extras.filter((extra) => extra.path.startsWith(start));
  const shape: Shape = {};
  for (const extra of below) {
    const [name = "", ...rest] = extra.path.slice(start.length).split(".");
    if (name in shape || except.includes(name)) continue;
    shape[name] =
      rest.length === 0
        ? extra.value.optional()
        : z.strictObject(legacyExtraShape(`${start}${name}`, [], below)).optional();
  }
  return shape;
}

/** The value at a dotted path, or undefined. */
export function valueAtPath(root: unknown, dotted: string): unknown {
  let value = root;
  for (const segment of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** An extra field the manifest gives, with its value and, when it is read, the v1 value. */
export interface GivenExtra {
  readonly extra: LegacyExtra;
  readonly value: unknown;
  readonly v1Value?: unknown;
}

/** The extra fields present in a (validated) legacy manifest, in table order. */
export function givenExtras(legacy: unknown): GivenExtra[] {
  return LEGACY_EXTRAS.flatMap((extra) => {
    const value = valueAtPath(legacy, extra.path);
    if (value === undefined) return [];
    if (extra.becomes === undefined) return [{ extra, value }];
    const v1Value = extra.convert === undefined ? value : extra.convert(value as number);
    return [{ extra, value, v1Value }];
  });
}

const path = (dotted: string) => dotted.split(".");

/**
 * Cross-field rules of the extras: one source per v1 field, `deployment.restart_policy` not beside
 * `services.restart`, and `deployment.strategy` equal to `services.mode` (the original required it).
 */
export function checkLegacyExtras(legacy: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const services = (legacy.services ?? {}) as Record<string, unknown>;
  const sources = new Map<string, string>();
  if (services.restart !== undefined) sources.set("service.restart", "services.restart");
  if (services.restart_policy !== undefined)
    sources.set("service.restart", "services.restart_policy");
  for (const { extra } of givenExtras(legacy)) {
    if (extra.becomes === undefined) continue;
    const first = sources.get(extra.becomes);
    if (first === undefined) {
      sources.set(extra.becomes, extra.path);
      continue;
    }
    ctx.addIssue({
      code: "custom",
      path: path(extra.path),
      message: `only one of ${first} and ${extra.path} (both set ${extra.becomes})`,
    });
  }
  const strategy = valueAtPath(legacy, "deployment.strategy");
  if (strategy !== undefined && strategy !== services.mode) {
    ctx.addIssue({
      code: "custom",
      path: path("deployment.strategy"),
      message: `the same as services.mode (${JSON.stringify(services.mode)}), as the original tool required`,
    });
  }
}

const OPA_URL_PATHS = new Set(
  LEGACY_EXTRAS.filter((extra) => extra.path.endsWith("opa_url")).map((extra) => extra.path),
);

// Scheme, host and port only: no credentials, path or query that could carry a token.
const BARE_ADDRESS = /^https?:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\/?$/;

/**
 * The secret scan rejects every URL; an ignored OPA address such as http://localhost:8181 is not a
 * secret (it names no credential and is never echoed), so the legacy form lets it through.
 */
export function legacySecretAllowed(dottedPath: string, value: unknown): boolean {
  return OPA_URL_PATHS.has(dottedPath) && typeof value === "string" && BARE_ADDRESS.test(value);
}
