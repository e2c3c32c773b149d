import fs from "node:fs";
import type { SelfTestResult } from "../enforce/selftest/selftest-result";
import { writeFileAtomic } from "../../core/atomic-file";

/** The state file the self-test result is kept in. */
export const SELFTEST_FILE = "selftest.json";

/** The last self-test result, or undefined. */
export function readSelfTest(file: string): SelfTestResult | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(file, "utf8")) as SelfTestResult;
    return typeof r.at === "string" && Array.isArray(r.checks) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a result (read by the daemon, the dashboard and `status`). */
export function writeSelfTest(file: string, result: SelfTestResult): void {
  writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`, { mode: 0o600 });
}
