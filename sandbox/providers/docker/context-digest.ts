import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "*" && pattern[i + 1] === "*") {
      out += ".*";
      i++;
      if (pattern[i + 1] === "/") i++;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}(/.*)?$`);
}

/** The `.dockerignore` rules of a context, in order (`!` lines re-include). */
export function ignoreRules(contextDir: string): { include: boolean; re: RegExp }[] {
  const file = path.join(contextDir, ".dockerignore");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const include = line.startsWith("!");
      const pattern = path.posix.normalize((include ? line.slice(1) : line).replace(/^\/+/, ""));
      return { include, re: globToRegExp(pattern) };
    });
}

function ignored(rel: string, rules: readonly { include: boolean; re: RegExp }[]): boolean {
  return rules.reduce((out, rule) => (rule.re.test(rel) ? !rule.include : out), false);
}

/**
 * A digest of everything the build would send (context files minus `.dockerignore`d ones, plus
 * the Dockerfile), so a changed source file shows up as a change, as with the official provider.
 */
export function contextDigest(contextDir: string, dockerfile: string): string {
  const hash = createHash("sha256");
  const rules = ignoreRules(contextDir);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      const rel = path.relative(contextDir, full).split(path.sep).join("/");
      if (ignored(rel, rules)) continue;
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        hash.update(`${rel}\0${stat.mode & 0o777}\0`);
        hash.update(readFileSync(full));
      }
    }
  };
  walk(contextDir);
  hash.update(`dockerfile\0`);
  hash.update(readFileSync(dockerfile));
  return hash.digest("hex");
}
