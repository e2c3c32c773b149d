import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countCheck, countOpaRun, countVitestRun } from "../../../scripts/lib/suite-counts.mjs";

// Reports captured from vitest 4 and opa 1.22 running test/fixtures/test-counting (see its README);
// the checkout's path in them reads /repo.
const REPORTS = path.resolve(__dirname, "../../fixtures/test-counting/reports");
const report = (name: string) => readFileSync(path.join(REPORTS, name), "utf8");
const vitest = (project: string, exitCode: number) =>
  countVitestRun({
    project,
    exitCode,
    root: "/repo",
    reportText: report(`vitest-${project}.json`),
  });
const MIXED = "test/fixtures/test-counting/vitest/mixed";

describe("countVitestRun", () => {
  it("counts a clean project's tests as passed and nothing else", () => {
    expect(vitest("clean", 0)).toEqual({ passed: 2, failed: 0, problems: [] });
  });

  it("names every test and file that did not run what it should, each one failure", () => {
    const count = vitest("mixed", 1);
    expect(count.problems).toEqual([
      `${MIXED}/after-fails.test.ts: failed outside its tests: cleanup failed`,
      `${MIXED}/fails.test.ts > compares: failed`,
      `${MIXED}/hook-fails.test.ts > with a broken beforeAll > first: did not run (skipped): its file failed: a beforeAll/afterAll hook threw (its error is in the output above)`,
      `${MIXED}/hook-fails.test.ts > with a broken beforeAll > second: did not run (skipped): its file failed: a beforeAll/afterAll hook threw (its error is in the output above)`,
      `${MIXED}/import-fails.test.ts: failed outside its tests: Expected property name or '}' in JSON at position 2`,
      `${MIXED}/no-tests.test.ts: failed outside its tests: No test found in suite mixed/no-tests.test.ts`,
      `${MIXED}/skips.test.ts > skipped: did not run (skipped): remove it or make it run; a skipped test proves nothing`,
      `${MIXED}/skips.test.ts > later: did not run (todo): remove it or make it run; a skipped test proves nothing`,
      `${MIXED}/top-hook-fails.test.ts > only: did not run (skipped): its file failed: no test host`,
    ]);
    // vitest's own totals for the same run: 4 passed, 1 failed, 5 pending or todo.
    expect([count.passed, count.failed]).toEqual([4, 9]);
  });

  it("fails a project that ran no test file", () => {
    expect(vitest("empty", 1)).toEqual({
      passed: 0,
      failed: 1,
      problems: ['vitest project "empty": no test file ran (does its include match any?)'],
    });
  });

  it("fails a run whose exit code says failed though every test passed", () => {
    expect(vitest("unhandled", 1)).toEqual({
      passed: 1,
      failed: 1,
      problems: [
        'vitest project "unhandled": exited with 1 though its report names no failure (an unhandled error? see its output above)',
      ],
    });
  });

  it("fails a run that left no report, or one that is not JSON", () => {
    const base = { project: "unit", exitCode: 1, root: "/repo" };
    expect(countVitestRun({ ...base, reportText: undefined }).problems).toEqual([
      'vitest project "unit": wrote no report (exit 1): see its output above',
    ]);
    expect(countVitestRun({ ...base, reportText: '{"testRes' })).toMatchObject({
      passed: 0,
      failed: 1,
      problems: [expect.stringMatching(/^vitest project "unit": its report is not JSON \(/)],
    });
  });
});

describe("countOpaRun", () => {
  const opa = (dir: string, exitCode: number, stdout: string, stderr = "") =>
    countOpaRun({ dir: `opa/${dir}`, exitCode, stdout, stderr });

  it("names failed, erroring and todo tests, and counts the rest as passed", () => {
    expect(opa("mixed", 2, report("opa-mixed.json"))).toEqual({
      passed: 1,
      failed: 3,
      problems: [
        "opa/mixed/counting_test.rego:7 counting_test.test_fails: failed",
        "opa/mixed/counting_test.rego:14 counting_test.test_errors: error: rule data.counting_test.conflicting produced conflicting values:",
        "opa/mixed/counting_test.rego:18 counting_test.todo_test_later: did not run (a todo_ test): remove it or make it run",
      ],
    });
  });

  it("lists problems by file and line whatever order opa's parallel run reported them in", () => {
    const results = JSON.parse(report("opa-mixed.json")) as unknown[];
    const reversed = JSON.stringify([...results].reverse());
    expect(opa("mixed", 2, reversed)).toEqual(opa("mixed", 2, report("opa-mixed.json")));
  });

  it("fails a folder that does not load, with opa's reason", () => {
    expect(opa("broken", 1, "", report("opa-broken.stderr"))).toEqual({
      passed: 0,
      failed: 1,
      problems: [
        "opa test opa/broken: exited with 1: 1 error occurred during loading: opa/broken/broken.rego:4: rego_parse_error: unexpected eof token",
      ],
    });
  });

  it("fails a folder with no tests", () => {
    expect(opa("none", 0, report("opa-none.json")).problems).toEqual([
      "opa test opa/none: found no tests (test_ rules in *_test.rego files)",
    ]);
  });
});

describe("countCheck", () => {
  it("is one passed check on exit 0, one named failure otherwise", () => {
    expect(countCheck("npx eslint .", 0)).toEqual({ passed: 1, failed: 0, problems: [] });
    expect(countCheck("npx eslint .", null)).toEqual({
      passed: 0,
      failed: 1,
      problems: ["npx eslint .: exited with a signal (see its output above)"],
    });
  });
});
