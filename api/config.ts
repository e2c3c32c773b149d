import { z } from "zod";
import { version as packageVersion } from "../package.json";
import { Track, TRACKS } from "../core/track";

/** The two roles an API instance can play behind the proxy. */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function integer(min: number, max: number, fallback: number) {
  const expected = `an integer from ${min} to ${max}`;
  return z
    .string()
    .default(String(fallback))
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max, {
      error: expected,
    })
    .transform(Number);
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  return z
    .enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(", ")}` })
    .default(fallback);
}

const nonEmpty = (fallback: string) =>
  z.string().trim().min(1, { error: "a non-empty string" }).default(fallback);

/** Environment variables the service reads; names match the deployment's container env. */
const EnvSchema = z.object({
  MODE: oneOf(TRACKS, Track.Stable),
  PORT: integer(0, 65535, 3000),
  HOST: nonEmpty("0.0.0.0"),
  APP_VERSION: nonEmpty(packageVersion || "0.0.0"),
  SERVICE_NAME: nonEmpty("swiftdeploy-api"),
  CHAOS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,512}$/, { error: "16 to 512 printable characters without spaces" })
    .optional(),
  LOG_LEVEL: oneOf(LOG_LEVELS, "info"),
  SHUTDOWN_TIMEOUT_MS: integer(100, 600_000, 8000),
  METRICS: oneOf(["on", "off"], "on"),
});

/** Validated settings of one API instance. */
export interface ApiConfig {
  readonly mode: Track;
  readonly port: number;
  readonly host: string;
  readonly version: string;
  readonly serviceName: string;
  /** When set, `POST /chaos` requires `Authorization: Bearer <token>`. */
  readonly chaosToken: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly shutdownTimeoutMs: number;
  /** `false` drops the metric hooks and `/metrics` (to measure what metrics cost). */
  readonly metrics: boolean;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ApiConfig }
  | { readonly ok: false; readonly problems: readonly string[] };

const SECRET_VARIABLES = new Set(["CHAOS_TOKEN"]);

/** Reads and validates the service's settings; every problem names its variable. */
export function loadApiConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  // An empty variable means "not set", as in `MODE= npm run api`.
  const present = Object.fromEntries(
    Object.keys(EnvSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== "")
      .map((key) => [key, env[key]]),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const raw = present[name];
      const got = SECRET_VARIABLES.has(name)
        ? `a value of ${raw?.length ?? 0} characters`
        : JSON.stringify(raw);
      return `${name}: expected ${issue.message}, got ${got}`;
    });
    return { ok: false, problems };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      mode: e.MODE,
      port: e.PORT,
      host: e.HOST,
      version: e.APP_VERSION,
      serviceName: e.SERVICE_NAME,
      chaosToken: e.CHAOS_TOKEN,
      logLevel: e.LOG_LEVEL,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      metrics: e.METRICS === "on",
    },
  };
}
