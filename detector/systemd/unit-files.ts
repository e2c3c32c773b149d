import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../../core/atomic-file";
import { dropInPath, UNIT_DIR, UNIT_TEMPLATE_PATH } from "../../core/detector-unit";

const WANTS_DIR = `${UNIT_DIR}/multi-user.target.wants`;
const INSTANCE_ENTRY = /^swiftdeploy-detector@(.+)\.service(?:\.d)?$/;

function readOrUndefined(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** Replaces `file` with `content` when it differs; true when it did. */
function writeIfChanged(file: string, content: string): boolean {
  if (readOrUndefined(file) === content) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  writeFileAtomic(file, content, { mode: 0o644 });
  return true;
}

/**
 * Writes the template and the instance's drop-in (removing a drop-in it no longer needs); true when
 * any file changed.
 */
export function writeUnitFiles(
  instance: string,
  template: string,
  dropIn: string | undefined,
): boolean {
  const templateChanged = writeIfChanged(UNIT_TEMPLATE_PATH, template);
  const file = dropInPath(instance);
  if (dropIn !== undefined) return writeIfChanged(file, dropIn) || templateChanged;
  return removeDropIn(instance) || templateChanged;
}

/** Removes the instance's drop-in and its folder; true when there was one. */
export function removeDropIn(instance: string): boolean {
  const file = dropInPath(instance);
  const existed = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  const dir = path.dirname(file);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  return existed;
}

/** Instances installed on this host (enabled, or with a drop-in), other than `except`. */
export function otherInstances(except: string): string[] {
  const found = new Set<string>();
  for (const dir of [UNIT_DIR, WANTS_DIR]) {
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir)) {
      const m = INSTANCE_ENTRY.exec(entry);
      if (m !== null) found.add(m[1]!);
    }
  }
  found.delete(except);
  return [...found].sort();
}

/** Removes the template when no other instance needs it; true when it was removed. */
export function removeTemplateIfUnused(instance: string): boolean {
  if (otherInstances(instance).length > 0 || !fs.existsSync(UNIT_TEMPLATE_PATH)) return false;
  fs.rmSync(UNIT_TEMPLATE_PATH);
  return true;
}
