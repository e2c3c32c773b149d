import fs from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildDashboard } from "../dashboard/dashboard-app";
import { detectorMetrics } from "../dashboard/metrics";
import type { Output } from "../io/output";
import type { ControlActions } from "../control/control-actions";
import type { DashboardStatus } from "../dashboard/dashboard-status";
import type { DetectorSettings } from "../../core/detector-settings";

/**
 * Starts the dashboard (when enabled). A port it cannot take is a problem shown on the status,
 * not a reason to stop detecting.
 */
export async function listenDashboard(
  d: DetectorSettings["dashboard"],
  status: () => DashboardStatus,
  actions: ControlActions,
  out: Output,
  problems: string[],
): Promise<FastifyInstance | undefined> {
  if (!d.enabled) return undefined;
  const app = buildDashboard(
    {
      status,
      ban: (ip) => actions.explain(ip).banned ?? undefined,
      bans: (offset, limit) => actions.bans(false, offset, limit),
    },
    detectorMetrics(status),
    d.refreshSeconds,
  );
  try {
    const address = await app.listen({ host: d.bindAddress, port: d.port });
    out.log("info", "dashboard listening", { address });
    if (!/^(127\.|::1$)/.test(d.bindAddress))
      out.log(
        "warn",
        "the dashboard is bound to a non-loopback address: it is not meant to be public",
        {
          bindAddress: d.bindAddress,
        },
      );
    return app;
  } catch (error) {
    const message = (error as Error).message;
    problems.push(`dashboard could not listen on ${d.bindAddress}:${d.port}: ${message}`);
    out.log("error", "dashboard could not listen", { error: message });
    return undefined;
  }
}

/** Calls `onChange` when the log (or its rotation) changes; polling stays as the fallback. */
export function watchLog(
  logPath: string,
  onChange: () => void,
  out: Output,
): fs.FSWatcher | undefined {
  const dir = path.dirname(logPath);
  const base = path.basename(logPath);
  try {
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (name === null || name.startsWith(base)) onChange();
    });
    watcher.on("error", () => undefined);
    return watcher;
  } catch (error) {
    out.log("warn", "cannot watch the log directory; polling only", {
      dir,
      error: (error as Error).message,
    });
    return undefined;
  }
}
