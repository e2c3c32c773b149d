import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** What `swiftdeploy --version` reports. */
export interface ToolVersions {
  readonly swiftdeploy: string;
  /** The Pulumi CLI and OPA versions setup pins (scripts/versions.env), null when not found. */
  readonly pulumi: string | null;
  readonly opa: string | null;
  readonly node: string;
}

/** Reads `NAME=value` lines (scripts/versions.env, a shell file of plain assignments). */
export function parseVersionsEnv(text: string): Readonly<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(\S+)\s*$/.exec(line.trim());
    if (match !== null) values[match[1] as string] = match[2] as string;
  }
  return values;
}

/**
 * The folder of swiftdeploy's package.json above `start`: the repo root, from the sources (cli/) as
 * from the bundle (dist/cli/). Null when there is none.
 */
export function packageRoot(start: string): string | null {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const name = (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name;
      if (name === "swiftdeploy") return dir;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** The CLI's version and the tool versions pinned beside it. */
export function readToolVersions(root: string | null, node = process.version): ToolVersions {
  if (root === null) return { swiftdeploy: "unknown", pulumi: null, opa: null, node };
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    version?: string;
  };
  const envFile = path.join(root, "scripts", "versions.env");
  const pinned = existsSync(envFile) ? parseVersionsEnv(readFileSync(envFile, "utf8")) : {};
  return {
    swiftdeploy: pkg.version ?? "unknown",
    pulumi: pinned.PULUMI_VERSION ?? null,
    opa: pinned.OPA_VERSION ?? null,
    node,
  };
}

/** The lines `--version` prints. */
export function describeVersions(versions: ToolVersions): string {
  const pinned = (version: string | null) =>
    version === null ? "unknown (scripts/versions.env not found)" : `${version} (pinned)`;
  return [
    `swiftdeploy ${versions.swiftdeploy}`,
    `pulumi ${pinned(versions.pulumi)}`,
    `opa ${pinned(versions.opa)}`,
    `node ${versions.node}`,
  ].join("\n");
}
