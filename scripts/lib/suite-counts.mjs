// How scripts/test-all.mjs counts a suite from what its tool reported. A suite that did not run what
// it should is a failure with a name, never a quiet zero: a test skipped because its file's
// beforeAll threw, a file that failed outside its tests (import, afterAll, no tests), a project or
// policy folder with no tests, a tool that exited non-zero with nothing failed in its report.
// Plain JavaScript without dependencies: the runner starts before `npm ci` has run.
import path from "node:path";

/** @typedef {import("./suite-counts.d.mts").SuiteCount} SuiteCount */

/** @param {string} text */
function firstLine(text) {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line !== "") ?? ""
  );
}

/**
 * One vitest project's JSON report (`--reporter=json`), counted test by test.
 * @param {import("./suite-counts.d.mts").VitestReport} report
 * @param {{ project: string, exitCode: number | null, root: string }} run
 * @returns {SuiteCount}
 */
export function countVitestReport(report, { project, exitCode, root }) {
  /** @type {string[]} */
  const problems = [];
  let passed = 0;
  for (const file of report.testResults) {
    const where = path.relative(root, file.name);
    const fileFailed = file.status !== "passed";
    const why =
      firstLine(file.message ?? "") ||
      "a beforeAll/afterAll hook threw (its error is in the output above)";
    let failedHere = 0;
    for (const test of file.assertionResults) {
      if (test.status === "passed") {
        passed++;
        continue;
      }
      failedHere++;
      const name = `${where} > ${[...test.ancestorTitles, test.title].join(" > ")}`;
      if (test.status === "failed") problems.push(`${name}: failed`);
      else if (fileFailed)
        problems.push(`${name}: did not run (${test.status}): its file failed: ${why}`);
      else
        problems.push(
          `${name}: did not run (${test.status}): remove it or make it run; a skipped test proves nothing`,
        );
    }
    if (fileFailed && failedHere === 0) problems.push(`${where}: failed outside its tests: ${why}`);
    else if (file.assertionResults.length === 0) problems.push(`${where}: has no tests`);
  }
  if (report.testResults.length === 0)
    problems.push(`vitest project "${project}": no test file ran (does its include match any?)`);
  if (exitCode !== 0 && problems.length === 0)
    problems.push(
      `vitest project "${project}": exited with ${exitCode ?? "a signal"} though its report names no failure (an unhandled error? see its output above)`,
    );
  return { passed, failed: problems.length, problems };
}

/**
 * `opa test --format json` results, counted test by test.
 * @param {readonly import("./suite-counts.d.mts").OpaResult[]} results
 * @param {{ dir: string, exitCode: number | null, stderr: string }} run
 * @returns {SuiteCount}
 */
export function countOpaResults(results, { dir, exitCode, stderr }) {
  /** @type {string[]} */
  const problems = [];
  let passed = 0;
  // opa test runs tests in parallel (--parallel defaults to the CPU count): its results come in
  // any order, so they are listed by file and line.
  const ordered = [...results].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      a.location.row - b.location.row ||
      a.name.localeCompare(b.name),
  );
  for (const result of ordered) {
    const name = `${result.location.file}:${result.location.row} ${result.package.replace(/^data\./, "")}.${result.name}`;
    if (result.error !== undefined)
      problems.push(
        `${name}: error: ${firstLine(result.error.message ?? JSON.stringify(result.error))}`,
      );
    else if (result.fail === true) problems.push(`${name}: failed`);
    else if (result.skip === true)
      problems.push(`${name}: did not run (a todo_ test): remove it or make it run`);
    else passed++;
  }
  if (results.length === 0 && exitCode === 0)
    problems.push(`opa test ${dir}: found no tests (test_ rules in *_test.rego files)`);
  if (exitCode !== 0 && problems.length === 0)
    problems.push(
      `opa test ${dir}: exited with ${exitCode ?? "a signal"}: ${firstLine(stderr) || "no output"}`,
    );
  return { passed, failed: problems.length, problems };
}

/** @param {string} text */
function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: firstLine(String(error)) };
  }
}

/**
 * One `vitest run --project <project> --reporter=json` as it ended: its exit code and the report
 * file's text (undefined when it wrote none).
 * @param {{ project: string, exitCode: number | null, root: string, reportText: string | undefined }} run
 * @returns {SuiteCount}
 */
export function countVitestRun({ project, exitCode, root, reportText }) {
  const what = `vitest project "${project}"`;
  if (reportText === undefined)
    return notRun(
      what,
      `wrote no report (exit ${exitCode ?? "by a signal"}): see its output above`,
    );
  const parsed = parseJson(reportText);
  if ("error" in parsed) return notRun(what, `its report is not JSON (${parsed.error})`);
  return countVitestReport(parsed.value, { project, exitCode, root });
}

/**
 * One `opa test <dir> --format json` as it ended. A load or parse error leaves stdout empty and
 * says why on stderr.
 * @param {{ dir: string, exitCode: number | null, stdout: string, stderr: string }} run
 * @returns {SuiteCount}
 */
export function countOpaRun({ dir, exitCode, stdout, stderr }) {
  const parsed = stdout.trim() === "" ? { value: [] } : parseJson(stdout);
  if ("error" in parsed)
    return notRun(`opa test ${dir}`, `its output is not JSON (${parsed.error})`);
  return countOpaResults(parsed.value, { dir, exitCode, stderr });
}

/**
 * A suite whose tool left no usable report: it did not run what it should.
 * @param {string} what the tool and its target, e.g. `vitest project "unit"`
 * @param {string} why
 * @returns {SuiteCount}
 */
export function notRun(what, why) {
  return { passed: 0, failed: 1, problems: [`${what}: ${why}`] };
}

/**
 * A command whose only result is its exit code (typecheck, lint, setup): one check.
 * @param {string} command
 * @param {number | null} exitCode
 * @returns {SuiteCount}
 */
export function countCheck(command, exitCode) {
  return exitCode === 0
    ? { passed: 1, failed: 0, problems: [] }
    : notRun(command, `exited with ${exitCode ?? "a signal"} (see its output above)`);
}
