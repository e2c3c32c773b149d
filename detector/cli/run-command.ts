import { parseArgs } from "node:util";
import { systemClock } from "../../core/clock";
import { hostAddresses } from "../io/host-addresses";
import { nodeFileAccess } from "../io/node-file-access";
import { Daemon } from "./daemon";
import { loadSettings } from "./load-settings";
import type { Output } from "./output";
import { UsageError } from "./usage";

/** `run [--config FILE]`: the live daemon until SIGTERM/SIGINT. */
export function runCommand(args: string[], out: Output): void {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0)
    throw new UsageError(`run takes no arguments (got ${positionals.join(" ")})`);
  const settings = loadSettings(values.config);
  const daemon = new Daemon(settings, {
    out,
    clock: systemClock,
    fs: nodeFileAccess,
    hostAddresses: hostAddresses(),
  });
  const stop = (signal: string): void => {
    out.log("info", `received ${signal}; stopping`);
    daemon.stop();
    process.exitCode = 0;
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () =>
    out.log("warn", "SIGHUP: configuration reload is not supported yet; ignoring"),
  );
  daemon.start();
}
