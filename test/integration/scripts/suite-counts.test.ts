// The reports the unit test counts were captured from these fixtures: run them again with the
// vitest and opa installed here and check that they still count the same (a new vitest or opa that
// changed its report would show here first).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countOpaRun, countVitestRun } from "../../../scripts/lib/suite-counts.mjs";
import { REPO_ROOT } from "../../kit/repo-root";

const FIXTURE = "test/fixtures/test-counting";
const REPORTS = path.join(REPO_ROOT, FIXTURE, "reports");
const captured = (name: string) => readFileSync(path.join(REPORTS, name), "utf8");
const out = mkdtempSync(path.join(tmpdir(), "sd-test-counting-"));
// The child vitest must not believe it runs inside this one.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "TEST"),
);

function shell(command: string) {
  const r = spawnSync("bash", ["-c", `. scripts/env.sh && ${command}`], {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
  });
  return { exitCode: r.status, stdout: r.stdout, stderr: r.stderr };
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("the counting fixtures, run again", () => {
  it.each([
    ["clean", 0],
    ["mixed", 1],
    ["unhandled", 1],
    ["empty", 1],
  ])("vitest project %s exits %i and counts as its captured report does", (project, code) => {
    const file = path.join(out, `${project}.json`);
    const { exitCode } = shell(
      `npx vitest run --root ${FIXTURE}/vitest --project ${project} --reporter=json --outputFile.json=${file}`,
    );
    expect(exitCode).toBe(code);
    const live = countVitestRun({
      project,
      exitCode,
      root: REPO_ROOT,
      reportText: existsSync(file) ? readFileSync(file, "utf8") : undefined,
    });
    const before = countVitestRun({
      project,
      exitCode: code,
      root: "/repo",
      reportText: captured(`vitest-${project}.json`),
    });
    expect(live).toEqual(before);
  });

  it.each([
    ["mixed", 2, "opa-mixed.json"],
    ["broken", 1, undefined],
    ["none", 0, "opa-none.json"],
  ])("opa test opa/%s exits %i and counts as its captured output does", (dir, code, json) => {
    // Run from the fixture folder so file names in the output read opa/<dir>/… as captured.
    const live = shell(`cd ${FIXTURE} && opa test opa/${dir} --format json`);
    expect(live.exitCode).toBe(code);
    const count = (run: { exitCode: number | null; stdout: string; stderr: string }) =>
      countOpaRun({ dir: `opa/${dir}`, ...run });
    expect(count(live)).toEqual(
      count({
        exitCode: code,
        stdout: json === undefined ? "" : captured(json),
        stderr: json === undefined ? captured("opa-broken.stderr") : "",
      }),
    );
  });
});
