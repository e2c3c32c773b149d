// The project's test command (`npm test`): makes the machine ready (idempotent setup), then runs every
// suite — typecheck, lint, unit, integration, e2e, OPA policy tests — and ends with one line
// `N passed, N failed` summing them all. `npm test -- unit lint` runs only the named suites.
// Whatever did not run what it should counts as failed and is listed by name before that line
// (scripts/lib/suite-counts.mjs: hook failures, files without tests, skipped tests, a tool's
// non-zero exit with nothing failed in its report, an unknown suite name).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { countCheck, countOpaRun, countVitestRun, notRun } from "./lib/suite-counts.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const reports = mkdtempSync(path.join(tmpdir(), "swiftdeploy-test-"));
const OPA_DIR = "policies/opa";

/** Runs a command with the project's toolchain on PATH (scripts/env.sh); output goes to ours. */
function run(command) {
  return spawnSync("bash", ["-c", `. scripts/env.sh && ${command}`], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  }).status;
}

function vitestSuite(project) {
  return () => {
    const out = path.join(reports, `${project}.json`);
    const exitCode = run(
      `npx vitest run --project ${project} --reporter=default --reporter=json --outputFile.json=${out}`,
    );
    const reportText = existsSync(out) ? readFileSync(out, "utf8") : undefined;
    return countVitestRun({ project, exitCode, root, reportText });
  };
}

function opaSuite() {
  const dir = path.join(root, OPA_DIR);
  const rego =
    existsSync(dir) &&
    readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith(".rego"));
  if (!rego) return notRun(`opa test ${OPA_DIR}`, "no .rego files there");
  const result = spawnSync(
    "bash",
    ["-c", `. scripts/env.sh && opa test ${OPA_DIR} --format json`],
    {
      cwd: root,
      env: process.env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  process.stderr.write(result.stderr ?? "");
  const count = countOpaRun({
    dir: OPA_DIR,
    exitCode: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
  });
  console.log(`opa test ${OPA_DIR}: ${count.passed} passed, ${count.failed} failed`);
  return count;
}

const check = (command) => () => countCheck(command, run(command));

const SUITES = {
  setup: () =>
    process.env.SWIFTDEPLOY_SKIP_SETUP === "1"
      ? { passed: 0, failed: 0, problems: [] }
      : check("bash scripts/setup.sh")(),
  typecheck: check("npx tsc --noEmit -p tsconfig.json"),
  lint: check("npx eslint ."),
  unit: vitestSuite("unit"),
  opa: opaSuite,
  integration: vitestSuite("integration"),
  e2e: vitestSuite("e2e"),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SUITES));
const names =
  asked.length > 0
    ? ["setup", ...asked.filter((n) => n !== "setup" && n in SUITES)]
    : Object.keys(SUITES);
const totals = { passed: 0, failed: unknown.length };
const lines = [];
const problems = unknown.map(
  (name) => `  ${name}: no such suite (the suites: ${Object.keys(SUITES).join(", ")})`,
);
for (const name of names) {
  console.log(`\n==== suite: ${name}`);
  const started = Date.now();
  const result = SUITES[name]();
  totals.passed += result.passed;
  totals.failed += result.failed;
  problems.push(...result.problems.map((problem) => `  ${name}: ${problem}`));
  lines.push(
    `${name.padEnd(12)} ${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  if (name === "setup" && result.failed > 0) break;
}
if (problems.length > 0) console.log(`\ncounted as failed:\n${problems.join("\n")}`);
console.log(`\n${lines.join("\n")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
