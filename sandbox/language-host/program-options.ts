import type { ProgramInfo } from "@pulumi/pulumi/proto/language_pb";

/** Where a program lives and how Pulumi.yaml asks for it to be run (`runtime.options`). */
export interface ProgramLocation {
  readonly rootDirectory: string;
  readonly programDirectory: string;
  readonly entryPoint: string;
  readonly typescript: boolean;
  readonly tsconfig: string | undefined;
  readonly nodeargs: readonly string[];
}

/** Runtime options of the official Node.js host that the sandbox host honours. */
const KNOWN_OPTIONS = new Set(["typescript", "tsconfig", "nodeargs", "packagemanager"]);

/**
 * Reads the engine's ProgramInfo (falling back to the legacy `pwd`/`program` request fields).
 * Throws on a runtime option this host would otherwise ignore.
 */
export function programLocation(
  info: ProgramInfo | undefined,
  legacy: { pwd: string; program: string },
): ProgramLocation {
  const options = (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new Error(
        `runtime option "${key}" in Pulumi.yaml is not supported by the sandbox Node.js language host`,
      );
    }
  }
  const programDirectory = info?.getProgramDirectory() || legacy.pwd;
  const nodeargs = typeof options["nodeargs"] === "string" ? options["nodeargs"] : "";
  return {
    rootDirectory: info?.getRootDirectory() || programDirectory,
    programDirectory,
    entryPoint: info?.getEntryPoint() || legacy.program || ".",
    typescript: options["typescript"] !== false,
    tsconfig: typeof options["tsconfig"] === "string" ? options["tsconfig"] : undefined,
    nodeargs: nodeargs.split(/\s+/).filter((arg) => arg !== ""),
  };
}
