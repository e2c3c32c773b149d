import { parseDocument, Scalar } from "yaml";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { detectFormat, ManifestFormat } from "../../core/manifest";
import type { YamlTree } from "./yaml-cst";
import { appendBlock, blockMapAt, deleteItem, parseTree, printTree, setScalar } from "./yaml-cst";

/** The changes the CLI makes to manifest.yaml's `release` section. */
export type ReleaseEdit =
  | { readonly kind: "start-canary"; readonly version: string; readonly weight: number }
  | { readonly kind: "set-weight"; readonly weight: number }
  | { readonly kind: "promote"; readonly version: string }
  | { readonly kind: "remove-canary" };

const RELEASE = ["release"] as const;
const CANARY = ["release", "canary"] as const;

/** Edits the concrete syntax tree in place; false when the layout is not plain block style. */
function editTree(tree: YamlTree, edit: ReleaseEdit): boolean {
  const release = blockMapAt(tree.root, RELEASE);
  if (release === undefined) return false;
  const canary = blockMapAt(tree.root, CANARY);
  switch (edit.kind) {
    case "start-canary": {
      if (canary !== undefined) {
        return (
          setScalar(tree.root, [...CANARY, "version"], edit.version, true) &&
          setScalar(tree.root, [...CANARY, "weight"], String(edit.weight), false)
        );
      }
      const stable = blockMapAt(tree.root, ["release", "stable"]);
      if (stable === undefined) return false;
      return appendBlock(
        release,
        "canary",
        [
          ["version", JSON.stringify(edit.version)],
          ["weight", String(edit.weight)],
        ],
        stable.indent,
      );
    }
    case "set-weight":
      return setScalar(tree.root, [...CANARY, "weight"], String(edit.weight), false);
    case "promote":
      return (
        setScalar(tree.root, ["release", "stable", "version"], edit.version, true) &&
        deleteItem(release, "canary")
      );
    case "remove-canary":
      return deleteItem(release, "canary");
  }
}

/** The same edit through the Document API: comments survive, some layout may not. */
function editDocument(text: string, edit: ReleaseEdit): string {
  const doc = parseDocument(text);
  const quoted = (value: string) => Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });
  switch (edit.kind) {
    case "start-canary":
      doc.setIn([...CANARY, "version"], quoted(edit.version));
      doc.setIn([...CANARY, "weight"], edit.weight);
      break;
    case "set-weight":
      doc.setIn([...CANARY, "weight"], edit.weight);
      break;
    case "promote":
      doc.setIn(["release", "stable", "version"], quoted(edit.version));
      doc.deleteIn(CANARY);
      break;
    case "remove-canary":
      doc.deleteIn(CANARY);
      break;
  }
  return doc.toString();
}

/** The refusal of a release edit to a legacy manifest, which has no release section. */
export function legacyFormRefusal(fileName: string): SwiftDeployError {
  return new SwiftDeployError(
    ErrorCode.ConfigInvalid,
    `${fileName} uses the legacy form (services:, nginx:, network:), which has no release section to edit`,
    [
      "convert it to the v1 form (apiVersion: swiftdeploy/v1, see docs/manifest.md), then run the command again",
    ],
  );
}

/**
 * manifest.yaml's text with one release edit applied. Block-style files change only in the edited
 * lines (everything else stays byte for byte); other layouts are rewritten through the Document
 * API, comments kept. The caller validates the result before writing it.
 */
export function editReleaseText(text: string, edit: ReleaseEdit, fileName: string): string {
  const plain = parseDocument(text).toJS() as unknown;
  if (plain !== null && typeof plain === "object" && !Array.isArray(plain)) {
    if (detectFormat(plain as Record<string, unknown>) === ManifestFormat.Legacy) {
      throw legacyFormRefusal(fileName);
    }
  }
  const tree = parseTree(text);
  return editTree(tree, edit) ? printTree(tree) : editDocument(text, edit);
}
