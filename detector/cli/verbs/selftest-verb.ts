import { systemClock } from "../../../core/clock";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import { canCreateNamespaces } from "../../enforce/selftest/capabilities";
import { runSelfTest } from "../../enforce/selftest/selftest";
import type { Output } from "../../io/output";
import { SELFTEST_FILE, writeSelfTest } from "../../state/selftest-file";
import { ExitCode } from "../usage";
import { ensureXtablesLock, verbEnforcers } from "./verb-enforcement";
import { printResult, verbContext } from "./verb-context";

/**
 * `selftest [--config FILE] [--setup]`: proves a banned address is dropped on the host's paths,
 * prints the result as JSON and keeps it for the daemon. `--setup` first creates the sets and rules
 * (the unit runs it that way, privileged, before the daemon). Exit 1 when enforcement does not work.
 */
export async function selftestVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("selftest", args, out, { setup: { type: "boolean" } });
  const { plan, kernel } = verbEnforcers(ctx.settings, ctx.runner, out);
  if (plan.kernel !== "dry-run" && !canCreateNamespaces())
    throw new SwiftDeployError(
      ErrorCode.ToolMissing,
      "the self-test creates a network namespace: run it as root (it needs CAP_SYS_ADMIN)",
    );
  ctx.store.prepare();
  if (ctx.values.setup === true && plan.kernel !== "dry-run") {
    ensureXtablesLock();
    const report = await kernel.setup();
    for (const w of report.warnings) out.log("warn", w);
  }
  const result = await runSelfTest({
    runner: ctx.runner,
    kernel,
    settings: ctx.settings,
    clock: systemClock,
    lockFile: ctx.store.file("selftest.lock"),
  });
  writeSelfTest(ctx.store.file(SELFTEST_FILE), result);
  if (result.ok === false)
    out.log("error", `ENFORCEMENT SELF-TEST FAILED: ${result.message}`, { checks: result.checks });
  printResult(result);
  return result.ok === false ? ExitCode.Failed : ExitCode.Ok;
}
