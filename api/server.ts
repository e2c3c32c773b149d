import { Registry } from "prom-client";
import { mathRandom, systemClock } from "../core";
import { buildApp } from "./app";
import { loadApiConfig } from "./config";
import { closeOnSignals } from "./graceful-shutdown";

/** Exit code for settings that fail validation (the process never started serving). */
const EXIT_BAD_SETTINGS = 2;

async function main(): Promise<void> {
  const loaded = loadApiConfig(process.env);
  if (!loaded.ok) {
    const lines = loaded.problems.map((problem) => `  - ${problem}`).join("\n");
    process.stderr.write(`swiftdeploy-api: invalid settings, not starting:\n${lines}\n`);
    process.exit(EXIT_BAD_SETTINGS);
  }
  const { config } = loaded;
  const app = buildApp(config, {
    registry: new Registry(),
    clock: systemClock,
    random: mathRandom,
    // Pino's default stdout writer is asynchronous: a line still in flight at process.exit can land
    // after (or without) the lines flushed at exit. process.stdout is synchronous for pipes and files
    // on Linux, so log lines keep their order and survive a crash.
    logStream: process.stdout,
  });
  closeOnSignals(app, config.shutdownTimeoutMs, (code) => process.exit(code));
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    app.log.fatal({ err: error }, "could not listen");
    process.exit(1);
  }
  const address = app.server.address();
  app.log.info(
    {
      port: typeof address === "object" && address !== null ? address.port : config.port,
      mode: config.mode,
      version: config.version,
      metrics: config.metrics,
      chaosToken: config.chaosToken === undefined ? "unset" : "set",
    },
    "api ready",
  );
}

void main();
