import { ErrorCode, SwiftDeployError } from "../errors";

/** One thing wrong with a manifest, located in its file. */
export interface ManifestProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path ("release.canary.weight", "proxy.trustedProxies[1]"), or a label. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** `manifest.yaml:12:5 release.canary.weight: expected a number from 0 to 100, found 150` */
export function formatProblem(problem: ManifestProblem): string {
  const { file, line, column, path, expected, found } = problem;
  return `${file}:${line}:${column} ${path}: expected ${expected}, found ${found}`;
}

/** A field that was accepted but read differently or ignored (the legacy form's extras). */
export interface ManifestWarning {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path as written ("policies.canary_safety.max_error_rate"). */
  readonly path: string;
  /** What became of it: "read as <v1 field>: <value> (…)" or "ignored: <why, what instead>". */
  readonly message: string;
}

/** `manifest.yaml:14:3 opa.port: ignored: OPA listens on 8181 on the private network, …` */
export function formatWarning(warning: ManifestWarning): string {
  const { file, line, column, path, message } = warning;
  return `${file}:${line}:${column} ${path}: ${message}`;
}

/**
 * What to tell the user about a manifest's warnings: a headline naming the file and the count,
 * then one line per warning; [] when there are none. `file` renames the file in every line (the
 * Pulumi program's path relative to the project, say).
 */
export function warningLines(warnings: readonly ManifestWarning[], file?: string): string[] {
  const first = warnings[0];
  if (first === undefined) return [];
  const name = file ?? first.file;
  const fields = warnings.length === 1 ? "1 field" : `${warnings.length} fields`;
  return [
    `${name} is in the original SwiftDeploy's form: ${fields} read differently or ignored (docs/manifest.md#the-legacy-form)`,
    ...warnings.map((warning) => formatWarning({ ...warning, file: name })),
  ];
}

/** ["proxy", "trustedProxies", 1] → "proxy.trustedProxies[1]"; [] → "(document)". */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(document)";
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}

/** Problems in reading order: by line, then column. */
export function sortProblems(problems: readonly ManifestProblem[]): ManifestProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A manifest that cannot be used; `problems` lists every reason at once. */
export class ManifestInvalidError extends SwiftDeployError {
  constructor(
    readonly file: string,
    readonly problems: readonly ManifestProblem[],
  ) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(
      ErrorCode.ManifestInvalid,
      `${file} has ${count}; fix them and run again (field reference: docs/manifest.md)`,
      problems.map(formatProblem),
    );
    this.name = "ManifestInvalidError";
  }
}
