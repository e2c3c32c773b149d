import fs from "node:fs";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { DetectorSettingsSchema, type DetectorSettings } from "../../core/detector-settings";
import { ErrorCode, SwiftDeployError } from "../../core/errors";

function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): string {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return `:${counter.linePos(node.range[0]).line}`;
  }
  return "";
}

/**
 * Reads detector settings from a JSON or YAML file (the same shape as the manifest's `detector:`
 * section) and fills in defaults; no file means all defaults. Every problem is listed with its
 * field path and, for YAML, its line.
 */
export function loadSettings(file: string | undefined): DetectorSettings {
  if (file === undefined) return DetectorSettingsSchema.parse({});
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `config file ${file} is not valid YAML/JSON`,
      doc.errors.map((e) => e.message.split("\n")[0] ?? e.message),
    );
  }
  const raw: unknown = doc.toJS() ?? {};
  const result = DetectorSettingsSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new SwiftDeployError(
    ErrorCode.ConfigInvalid,
    `config file ${file} has invalid detector settings`,
    result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
      return `${file}${lineOf(doc, counter, issue.path)}: ${where}: ${issue.message}`;
    }),
  );
}
