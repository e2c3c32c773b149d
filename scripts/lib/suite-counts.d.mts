/** What a suite adds to the runner's last line, and the name of every failure in it. */
export interface SuiteCount {
  readonly passed: number;
  readonly failed: number;
  /** One line per counted failure, naming the file, test or tool. */
  readonly problems: readonly string[];
}

/** The part of vitest's JSON report (`--reporter=json`) the count reads. */
export interface VitestReport {
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly message?: string;
    readonly assertionResults: readonly {
      readonly ancestorTitles: readonly string[];
      readonly title: string;
      readonly status: string;
    }[];
  }[];
}

/** One entry of `opa test --format json`. */
export interface OpaResult {
  readonly location: { readonly file: string; readonly row: number };
  readonly package: string;
  readonly name: string;
  readonly fail?: boolean;
  readonly skip?: boolean;
  readonly error?: { readonly message?: string };
}

export function countVitestReport(
  report: VitestReport,
  run: { project: string; exitCode: number | null; root: string },
): SuiteCount;

export function countOpaResults(
  results: readonly OpaResult[],
  run: { dir: string; exitCode: number | null; stderr: string },
): SuiteCount;

export function notRun(what: string, why: string): SuiteCount;

export function countCheck(command: string, exitCode: number | null): SuiteCount;

export function countVitestRun(run: {
  project: string;
  exitCode: number | null;
  root: string;
  reportText: string | undefined;
}): SuiteCount;

export function countOpaRun(run: {
  dir: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}): SuiteCount;
