import { operationsAlert } from "../alert/format-alert";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { runSelfTest } from "../enforce/selftest/selftest";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import { readSelfTest, SELFTEST_FILE, writeSelfTest } from "../state/selftest-file";
import type { RunningDaemon } from "./running-daemon";

/** A result written this recently (by the unit's privileged ExecStartPre) counts as "at start". */
const FRESH_MS = 10 * 60_000;

/**
 * The self-test at start. With CAP_SYS_ADMIN (run by hand as root) the daemon runs it itself; under
 * systemd the unit runs `selftest --setup` privileged just before, and the daemon reads the result.
 * A failure is loud: log, metric, dashboard, alert, audit — and with `onFailure: stop`, an exit.
 */
export async function selfTestAtStart(service: RunningDaemon): Promise<SelfTestResult | undefined> {
  const { settings } = service;
  const { deps } = service.parts;
  const file = service.parts.store.file(SELFTEST_FILE);
  if (!settings.selftest.onStart || service.plan.kernel === "dry-run") return readSelfTest(file);
  let result: SelfTestResult | undefined;
  if (deps.canSelfTest) {
    result = await runSelfTest({
      runner: deps.runner,
      kernel: service.enforcement.enforcers[0]!,
      settings,
      clock: deps.clock,
      lockFile: service.parts.store.file("selftest.lock"),
    });
    writeSelfTest(file, result);
  } else {
    const saved = readSelfTest(file);
    if (saved !== undefined && deps.clock.now() - Date.parse(saved.at) <= FRESH_MS) result = saved;
    else
      deps.out.log(
        "warn",
        "self-test not run at start: it needs root with CAP_SYS_ADMIN; run `swiftdeploy-detector selftest` as root",
        {},
      );
  }
  if (result === undefined) return undefined;
  service.audit.record("selftest", { result });
  if (result.ok !== false) {
    deps.out.log(
      "info",
      `self-test ${result.ok === true ? "passed" : "skipped"}: ${result.message}`,
      {},
    );
    return result;
  }
  deps.out.log("error", `ENFORCEMENT SELF-TEST FAILED: ${result.message}`, {
    checks: result.checks,
  });
  service.alerts.push(
    operationsAlert(`:x: *Enforcement self-test failed* at start: ${result.message}`),
  );
  if (settings.selftest.onFailure === "stop")
    throw new SwiftDeployError(
      ErrorCode.SelfTestFailed,
      `enforcement self-test failed: ${result.message}`,
    );
  return result;
}
