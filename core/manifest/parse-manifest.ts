import type { Document } from "yaml";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { ErrorCode, SwiftDeployError } from "../errors";
import { describeFound } from "./describe-value";
import { legacySecretAllowed, valueAtPath } from "./legacy-extra-fields";
import { LEGACY_ONLY_KEYS, LegacyManifestSchema } from "./legacy-schema";
import { normalizeLegacy } from "./legacy-normalize";
import { legacyWarnings } from "./legacy-warnings";
import type { Manifest } from "./manifest-schema";
import { ManifestSchema } from "./manifest-schema";
import type { ManifestProblem, ManifestWarning } from "./problems";
import { ManifestInvalidError, sortProblems } from "./problems";
import { scanForSecrets } from "./secret-scan";
import { locate } from "./yaml-locate";
import type { Locator } from "./zod-issues";
import { expectedPhrase, issueToProblems } from "./zod-issues";

const MAPPING = 'a mapping that starts with "apiVersion: swiftdeploy/v1"';

/** The two shapes a manifest file may have. */
export const ManifestFormat = { V1: "v1", Legacy: "legacy" } as const;
export type ManifestFormat = (typeof ManifestFormat)[keyof typeof ManifestFormat];

/** Legacy when there is no apiVersion and a key only the original tool used is present. */
export function detectFormat(input: Record<string, unknown>): ManifestFormat {
  if ("apiVersion" in input) return ManifestFormat.V1;
  return LEGACY_ONLY_KEYS.some((key) => key in input) ? ManifestFormat.Legacy : ManifestFormat.V1;
}

function syntaxProblems(doc: Document, file: string): ManifestProblem[] {
  return [...doc.errors, ...doc.warnings].map((error) => ({
    file,
    line: error.linePos?.[0].line ?? 1,
    column: error.linePos?.[0].col ?? 1,
    path: "(yaml)",
    expected: "valid YAML",
    found: (error.message.split(" at line ")[0] ?? error.message).trim(),
  }));
}

function validate<T extends z.ZodType>(
  schema: T,
  input: unknown,
  file: string,
  where: Locator,
): { data?: z.output<T>; problems: ManifestProblem[] } {
  const result = schema.safeParse(input, { error: expectedPhrase });
  if (result.success) return { data: result.data, problems: [] };
  return {
    problems: result.error.issues.flatMap((issue) => issueToProblems(issue, input, file, where)),
  };
}

/** Secret findings replace whatever the schema says about the same value: they matter more. */
function merge(secrets: ManifestProblem[], schema: ManifestProblem[]): ManifestProblem[] {
  const flagged = new Set(secrets.map((p) => `${p.line}:${p.column}`));
  return [...secrets, ...schema.filter((p) => !flagged.has(`${p.line}:${p.column}`))];
}

function accept<T>(file: string, data: T | undefined, problems: ManifestProblem[]): T {
  if (problems.length > 0 || data === undefined) {
    throw new ManifestInvalidError(file, sortProblems(problems));
  }
  return data;
}

function documentProblem(file: string, expected: string, found: string): ManifestInvalidError {
  return new ManifestInvalidError(file, [
    { file, line: 1, column: 1, path: "(document)", expected, found },
  ]);
}

/** The document as plain data; aliases are expanded with YAML's own limit against alias bombs. */
function toPlainData(doc: Document, file: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = doc.toJS();
  } catch (error) {
    throw documentProblem(file, "valid YAML", (error as Error).message);
  }
  if (input === null || input === undefined) {
    throw documentProblem(file, MAPPING, "an empty document");
  }
  if (typeof input !== "object" || Array.isArray(input)) {
    throw documentProblem(file, MAPPING, describeFound(input));
  }
  return input as Record<string, unknown>;
}

/** A valid manifest, its form, and what was accepted but read differently or ignored. */
export interface ParsedManifest {
  readonly manifest: Manifest;
  readonly format: ManifestFormat;
  /** Located, in file order; empty for the v1 form (strict: it has nothing to warn about). */
  readonly warnings: readonly ManifestWarning[];
}

/**
 * Parse and validate manifest text (v1 or legacy form) into the typed, fully defaulted config.
 * Throws ManifestInvalidError listing every problem with file, field path, line and column.
 * Callers that show the user anything must show the warnings too (`parseManifestWithWarnings`).
 */
export function parseManifest(text: string, fileName: string): Manifest {
  return parseManifestWithWarnings(text, fileName).manifest;
}

/** `parseManifest`, with the form and the warnings of a legacy manifest's extra fields. */
export function parseManifestWithWarnings(text: string, fileName: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const syntax = syntaxProblems(doc, fileName);
  if (syntax.length > 0) throw new ManifestInvalidError(fileName, sortProblems(syntax));

  const where: Locator = (path, target) => locate(doc, lineCounter, path, target);
  const input = toPlainData(doc, fileName);

  const secrets = scanForSecrets(input, fileName, where);
  const legacy = detectFormat(input) === ManifestFormat.Legacy;
  if (!legacy) {
    const v1 = validate(ManifestSchema, input, fileName, where);
    const manifest = accept(fileName, v1.data, merge(secrets, v1.problems));
    return { manifest, format: ManifestFormat.V1, warnings: [] };
  }
  const old = validate(LegacyManifestSchema, input, fileName, where);
  const legacySecrets = secrets.filter(
    (p) => !legacySecretAllowed(p.path, valueAtPath(input, p.path)),
  );
  const accepted = accept(fileName, old.data, merge(legacySecrets, old.problems));
  const normalized = ManifestSchema.safeParse(normalizeLegacy(accepted));
  if (!normalized.success) {
    throw new SwiftDeployError(
      ErrorCode.Internal,
      `${fileName}: the legacy form passed its own checks but not the v1 schema (a bug; please report it)`,
      normalized.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    );
  }
  return {
    manifest: normalized.data,
    format: ManifestFormat.Legacy,
    warnings: legacyWarnings(accepted, fileName, where),
  };
}
