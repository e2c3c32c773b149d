import type { FastifyInstance } from "fastify";
import { Registry } from "prom-client";
import { buildApp } from "../../../api/app";
import type { ApiConfig } from "../../../api/config";
import { ManualClock, seededRandom } from "../../../core";
import type { RandomSource } from "../../../core";

/** 2026-01-02T03:04:05.000Z: the manual clock's start, so times in replies are exact. */
export const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

/** Settings as `loadApiConfig` would give them for a canary, with overrides. */
export function testConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    mode: "canary",
    port: 0,
    host: "127.0.0.1",
    version: "1.2.3",
    serviceName: "test-api",
    chaosToken: undefined,
    logLevel: "info",
    shutdownTimeoutMs: 1000,
    metrics: true,
    ...overrides,
  };
}

/** An app under test with everything it was given, to drive and observe. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly clock: ManualClock;
  readonly registry: Registry;
  /** Milliseconds of every chaos delay asked for (the kit's sleep returns at once). */
  readonly sleeps: number[];
  /** Parsed log lines. */
  readonly logs: Record<string, unknown>[];
}

export interface TestAppOptions {
  readonly config?: Partial<ApiConfig>;
  readonly random?: RandomSource;
  /** Runs before the app is ready, e.g. to add a route that throws. */
  readonly extend?: (app: FastifyInstance) => void;
}

/** Builds an app with a manual clock, a seeded random source and no real waiting, runs `use`, and always closes it. */
export async function withApp<T>(
  options: TestAppOptions,
  use: (t: TestApp) => Promise<T>,
): Promise<T> {
  const clock = new ManualClock(T0);
  const registry = new Registry();
  const sleeps: number[] = [];
  const logs: Record<string, unknown>[] = [];
  const app = buildApp(testConfig(options.config), {
    registry,
    clock,
    random: options.random ?? seededRandom(1234),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    logStream: { write: (line) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  options.extend?.(app);
  try {
    await app.ready();
    return await use({ app, clock, registry, sleeps, logs });
  } finally {
    await app.close();
  }
}

/** Sends a JSON body to `POST /chaos`. */
export function postChaos(
  app: FastifyInstance,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: "POST",
    url: "/chaos",
    headers: { "content-type": "application/json", ...headers },
    payload: JSON.stringify(body),
  });
}
