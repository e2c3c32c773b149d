import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { systemClock } from "../../core/clock";
import { nodeCommandRunner } from "../enforce/command-runner";
import { canCreateNamespaces } from "../enforce/selftest/capabilities";
import { hostAddresses } from "../io/host-addresses";
import { nodeFileAccess } from "../io/node-file-access";
import { SteadyClock } from "../io/steady-clock";
import { notifyReady } from "../systemd/sd-notify";
import { loadSettings } from "./load-settings";
import type { Output } from "../io/output";
import { DetectorDaemon } from "../daemon/detector-daemon";
import { UsageError } from "./usage";
import type { SharedBanAccess } from "../daemon/daemon-deps";
import type { DetectorSettings } from "../../core/detector-settings";
import { inClusterAccess } from "../shared-bans/in-cluster";

/** The pod's API access for the shared ban list; NODE_NAME comes from the downward API. */
function sharedBanAccess(settings: DetectorSettings): SharedBanAccess | undefined {
  if (settings.sharedBans.kind === "none") return undefined;
  const { target, namespace } = inClusterAccess(process.env, (f) => readFileSync(f, "utf8"));
  return { target, namespace, node: process.env.NODE_NAME ?? hostname() };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * `run [--config FILE]`: the live daemon until SIGTERM/SIGINT (bans stay in the kernel); SIGHUP
 * re-reads the config file (a bad file is refused and the running config kept).
 */
export async function runCommand(args: string[], out: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0)
    throw new UsageError(`run takes no arguments (got ${positionals.join(" ")})`);
  const settings = loadSettings(values.config);
  const clock = new SteadyClock(
    systemClock,
    () => performance.now(),
    (stepMs, taken) =>
      out.log(
        "warn",
        taken
          ? "host clock step taken as a correction"
          : "host clock stepped; ignored while it lasts",
        {
          stepMs: Math.round(stepMs),
        },
      ),
  );
  const runner = nodeCommandRunner(
    (entry) => out.log(entry.code === 0 ? "info" : "warn", "command", { ...entry }),
    settings.enforcement.commandTimeoutMs,
  );
  const daemon = new DetectorDaemon(settings, {
    out,
    clock,
    fs: nodeFileAccess,
    hostAddresses,
    readSettings: () => loadSettings(values.config),
    env: process.env,
    runner,
    canSelfTest: canCreateNamespaces(),
    sleep,
    sharedBans: sharedBanAccess(settings),
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    out.log("info", `received ${signal}; stopping (bans stay in force)`);
    daemon
      .stop()
      .catch((error: Error) => out.log("error", "stop failed", { error: error.message }))
      .finally(() => {
        out.flush();
        process.exit(process.exitCode ?? 0);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGHUP", () => {
    out.log("info", "received SIGHUP; reloading the configuration", {
      config: values.config ?? null,
    });
    void daemon.actions.reload();
  });
  await daemon.start();
  // Ready = sets and rules in place, dashboard and control socket listening, the log followed.
  const ready = await notifyReady(process.env, runner, "following the log");
  if (!ready.sent && ready.reason !== "not under systemd")
    out.log("warn", "could not tell systemd the service is ready", { reason: ready.reason });
}
