import { parseDurationText } from "../../../core/duration-text";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import type { Output } from "../../io/output";
import { UsageError } from "../usage";
import { askDaemon } from "./control-verb";
import { verbActor } from "./verb-actor";
import { printResult, verbContext } from "./verb-context";

/**
 * `ban IP --duration 2h [--reason TEXT] [--actor USER@HOST] [--config FILE]`: a manual ban (rule
 * `operator`) through the running daemon, which times it, enforces it, audits it with the actor
 * and alerts. Refused for allowlisted, loopback and host addresses. Needs the daemon running: a
 * stopped one could not lift the ban when it is due.
 */
export async function banVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext(
    "ban",
    args,
    out,
    { duration: { type: "string" }, reason: { type: "string" }, actor: { type: "string" } },
    { min: 1, max: 1 },
  );
  const raw = ctx.values.duration;
  if (typeof raw !== "string")
    throw new UsageError('ban needs --duration (e.g. 2h, or "permanent")');
  const duration = parseDurationText(raw);
  if ("error" in duration) throw new UsageError(`--duration: ${duration.error}`);
  const reason = typeof ctx.values.reason === "string" ? ctx.values.reason.slice(0, 500) : null;
  const live = await askDaemon(ctx.socket, "POST", "/ban", {
    ip: ctx.positionals[0]!,
    durationSeconds: duration.seconds,
    reason,
    actor: verbActor(ctx),
  });
  if (live === undefined)
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      "the daemon is not running: a manual ban needs it (it lifts the ban when it is due); start it with systemctl start swiftdeploy-detector@SERVICE",
    );
  printResult(live);
  return 0;
}
