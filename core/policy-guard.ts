import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "./errors";

/** The CrossGuard pack's name (policies/crossguard): the one a guarded run must have loaded. */
export const GUARD_PACK = "swiftdeploy-guardrails";

/**
 * What the pack writes when the engine configures it for a stack: the Pulumi CLI process it serves.
 * The program, started by the same CLI process, finds it there and knows the pack is on.
 */
export interface GuardMarker {
  readonly pack: string;
  readonly project: string;
  readonly stack: string;
  /** The `pulumi` process both the pack and the program descend from. */
  readonly cliPid: number;
  readonly packPid: number;
}

/** One process as the process table shows it. */
export interface ProcessEntry {
  readonly ppid: number;
  /** The executable's base name (`pulumi`, `node`, …). */
  readonly name: string;
}

/** How a process is looked up (tests pass a table). */
export type ProcessLookup = (pid: number) => ProcessEntry | undefined;

/** Where markers live: a folder of this user's only (0700), under the temp folder. */
export function guardDir(base = tmpdir(), uid = process.getuid?.() ?? 0): string {
  return path.join(base, `swiftdeploy-guard-${uid}`);
}

/** /proc/<pid>/stat on Linux, else `ps`; undefined when the process is gone. */
export const systemProcesses: ProcessLookup = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The name is in parentheses and may itself hold spaces or parentheses: split after the last.
    const close = stat.lastIndexOf(")");
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    return { ppid, name: stat.slice(stat.indexOf("(") + 1, close) };
  } catch {
    try {
      const out = execFileSync("ps", ["-o", "ppid=,comm=", "-p", String(pid)], {
        encoding: "utf8",
      });
      const match = /^\s*(\d+)\s+(.+?)\s*$/.exec(out);
      return match === null
        ? undefined
        : { ppid: Number(match[1]), name: path.basename(match[2] ?? "") };
    } catch {
      return undefined;
    }
  }
};

/** The nearest ancestor of `pid` (itself included) that is the Pulumi CLI, `pulumi`. */
export function pulumiCliPid(
  pid: number,
  lookup: ProcessLookup = systemProcesses,
): number | undefined {
  let current = pid;
  for (let depth = 0; depth < 32 && current > 1; depth++) {
    const entry = lookup(current);
    if (entry === undefined) return undefined;
    if (entry.name === "pulumi") return current;
    current = entry.ppid;
  }
  return undefined;
}

/** Writes the pack's marker for its CLI process and removes those of CLI processes that ended. */
export function writeGuardMarker(
  marker: GuardMarker,
  dir = guardDir(),
  lookup: ProcessLookup = systemProcesses,
): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) {
    const pid = Number(path.basename(name, ".json"));
    if (Number.isInteger(pid) && pid !== marker.cliPid && lookup(pid) === undefined)
      rmSync(path.join(dir, name), { force: true });
  }
  const file = path.join(dir, `${marker.cliPid}.json`);
  writeFileSync(file, `${JSON.stringify(marker)}\n`, { mode: 0o600 });
  return file;
}

/** The marker of the given CLI process, if one is there, is this user's and parses. */
export function readGuardMarker(cliPid: number, dir = guardDir()): GuardMarker | undefined {
  const file = path.join(dir, `${cliPid}.json`);
  try {
    const owner = statSync(dir).uid;
    if (process.getuid !== undefined && owner !== process.getuid()) return undefined;
    return JSON.parse(readFileSync(file, "utf8")) as GuardMarker;
  } catch {
    return undefined;
  }
}

/** Why a run is not guarded, or undefined when the pack serves this very CLI process for this stack. */
export function unguardedReason(
  run: { readonly project: string; readonly stack: string; readonly cliPid: number | undefined },
  marker: GuardMarker | undefined,
  lookup: ProcessLookup = systemProcesses,
): string | undefined {
  if (run.cliPid === undefined) return "this program was not started by a `pulumi` process";
  if (marker === undefined) return `no policy pack was loaded by this pulumi (pid ${run.cliPid})`;
  if (marker.pack !== GUARD_PACK) return `the pack loaded is ${marker.pack}, not ${GUARD_PACK}`;
  if (marker.project !== run.project || marker.stack !== run.stack)
    return `the pack was configured for ${marker.project}/${marker.stack}, not ${run.project}/${run.stack}`;
  if (lookup(marker.packPid) === undefined)
    return `the pack's process (pid ${marker.packPid}) is gone`;
  return undefined;
}

/**
 * Throws SD_UNGUARDED unless the CrossGuard pack serves the `pulumi` process that runs this
 * program: a plain `pulumi up` would otherwise deploy with no guardrail checked, silently.
 */
export function assertGuarded(
  run: { readonly project: string; readonly stack: string },
  deps: { readonly pid?: number; readonly dir?: string; readonly lookup?: ProcessLookup } = {},
): void {
  const lookup = deps.lookup ?? systemProcesses;
  const cliPid = pulumiCliPid(deps.pid ?? process.pid, lookup);
  const marker = cliPid === undefined ? undefined : readGuardMarker(cliPid, deps.dir);
  const reason = unguardedReason({ ...run, cliPid }, marker, lookup);
  if (reason === undefined) return;
  throw new SwiftDeployError(
    ErrorCode.Unguarded,
    `refusing to run stack ${run.stack} without the CrossGuard pack (${GUARD_PACK}): ${reason}`,
    [
      `run it with the pack: pulumi up (or preview) --stack ${run.stack} --policy-pack policies/crossguard, or swiftdeploy deploy --stack ${run.stack}`,
      `or, knowing no guardrail is checked, allow it for this stack: pulumi config set --stack ${run.stack} swiftdeploy:allowUnguarded true`,
    ],
  );
}
