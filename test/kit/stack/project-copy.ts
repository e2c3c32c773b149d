import { execFileSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { REPO_ROOT } from "../repo-root";

/** A throwaway copy of the project the CLI is pointed at, and a stack config file of its own. */
export interface ProjectCopy {
  readonly dir: string;
  readonly configFile: string;
  readonly manifestFile: string;
  manifest(): string;
  dispose(): void;
}

/**
 * Copies the project's files (tracked and untracked, not ignored) to a temp folder with a
 * node_modules link, so tests edit its manifest.yaml and history, never the repository's. The stack
 * config is a copy of Pulumi.<stack>.yaml (dev unless asked) in another temp folder with `edits`
 * applied (paths → values).
 */
export function copyProject(
  label: string,
  configEdits: Readonly<Record<string, unknown>>,
  manifestEdit: (text: string) => string,
  stack = "dev",
): ProjectCopy {
  const dir = mkdtempSync(path.join(tmpdir(), `sd-${label}-project-`));
  const files = execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "-z"],
    { cwd: REPO_ROOT, encoding: "utf8" },
  )
    .split("\0")
    .filter((f) => f !== "");
  for (const file of files) {
    const from = path.join(REPO_ROOT, file);
    let mode: number;
    try {
      mode = statSync(from).mode;
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(from, path.join(dir, file));
    chmodSync(path.join(dir, file), mode & 0o777);
  }
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  const manifestFile = path.join(dir, "manifest.yaml");
  writeFileSync(manifestFile, manifestEdit(readFileSync(manifestFile, "utf8")));
  const configDir = mkdtempSync(path.join(tmpdir(), `sd-${label}-config-`));
  const configFile = path.join(configDir, `Pulumi.${stack}.yaml`);
  const doc = parseDocument(readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
  for (const [key, value] of Object.entries(configEdits))
    doc.setIn(["config", ...key.split("|")], value);
  writeFileSync(configFile, doc.toString());
  return {
    dir,
    configFile,
    manifestFile,
    manifest: () => readFileSync(manifestFile, "utf8"),
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}
