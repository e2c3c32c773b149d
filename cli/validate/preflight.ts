/** The result of one pre-flight check. */
export interface CheckResult {
  readonly name: string;
  /** skip: the check could not apply (an earlier one failed, or nothing is deployed yet). */
  readonly status: "pass" | "fail" | "skip";
  readonly detail: string;
}

/** A named check; it throws to fail, with the error's message as the reason. */
export interface PreflightCheck {
  readonly name: string;
  run(): Promise<{ readonly status: "pass" | "skip"; readonly detail: string }>;
}

/** Runs checks in order; a thrown error fails that check and the rest still run. */
export async function runChecks(checks: readonly PreflightCheck[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push({ name: check.name, ...(await check.run()) });
    } catch (error) {
      results.push({ name: check.name, status: "fail", detail: (error as Error).message });
    }
  }
  return results;
}

/** A check that cannot run, with the reason. */
export function skipped(name: string, detail: string): PreflightCheck {
  return { name, run: async () => ({ status: "skip", detail }) };
}
