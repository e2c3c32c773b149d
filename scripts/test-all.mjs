// The project's test command (`npm test`): makes the machine ready (idempotent setup), then runs every
// suite — typecheck, lint, unit, integration, e2e, OPA policy tests — and ends with one line
// `N passed, N failed` summing them all. `npm test -- unit lint` runs only the named suites.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const reports = mkdtempSync(path.join(tmpdir(), "swiftdeploy-test-"));

/** Runs a command with the project's toolchain on PATH (scripts/env.sh). */
function run(command) {
  const result = spawnSync("bash", ["-c", `. scripts/env.sh && ${command}`], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  return result.status ?? 1;
}

function vitestSuite(project) {
  return () => {
    const out = path.join(reports, `${project}.json`);
    const status = run(
      `npx vitest run --project ${project} --passWithNoTests --reporter=default --reporter=json --outputFile.json=${out}`,
    );
    if (!existsSync(out)) return { passed: 0, failed: 1 };
    const report = JSON.parse(readFileSync(out, "utf8"));
    const failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
    return { passed: report.numPassedTests, failed };
  };
}

function regoFiles() {
  const dir = path.join(root, "policies/opa");
  return (
    existsSync(dir) &&
    readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith(".rego"))
  );
}

function opaSuite() {
  if (!regoFiles()) return { passed: 0, failed: 0 };
  const out = path.join(reports, "opa.json");
  run(`opa test policies/opa -v && opa test policies/opa --format json > ${out}`);
  if (!existsSync(out)) return { passed: 0, failed: 1 };
  const results = JSON.parse(readFileSync(out, "utf8"));
  const failed = results.filter((r) => r.fail || r.error).length;
  return { passed: results.length - failed, failed };
}

const check = (command) => () =>
  run(command) === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };

const SUITES = {
  setup: () =>
    process.env.SWIFTDEPLOY_SKIP_SETUP === "1"
      ? { passed: 0, failed: 0 }
      : check("bash scripts/setup.sh")(),
  typecheck: check("npx tsc --noEmit -p tsconfig.json"),
  lint: check("npx eslint ."),
  unit: vitestSuite("unit"),
  opa: opaSuite,
  integration: vitestSuite("integration"),
  e2e: vitestSuite("e2e"),
};

const wanted = process.argv.slice(2).filter((name) => name in SUITES);
const names =
  wanted.length > 0 ? ["setup", ...wanted.filter((n) => n !== "setup")] : Object.keys(SUITES);
const totals = { passed: 0, failed: 0 };
const lines = [];
for (const name of names) {
  console.log(`\n==== suite: ${name}`);
  const started = Date.now();
  const result = SUITES[name]();
  totals.passed += result.passed;
  totals.failed += result.failed;
  lines.push(
    `${name.padEnd(12)} ${String(result.passed).padStart(5)} passed ${String(result.failed).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  if (name === "setup" && result.failed > 0) break;
}
console.log(`\n${lines.join("\n")}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
