import type { CommandOutput, HostFact } from "./host-fact-commands";
import { DEFAULT_DOCKER_DATA_PATH } from "./host-fact-commands";
import type {
  DiskFact,
  DockerFact,
  InfrastructureInput,
  LoadFact,
  MemoryFact,
} from "./infrastructure-input";

// Each parser turns one command's output into a fact, or into `{error}` saying what was wrong:
// the deploy gate denies on an unmeasured fact and quotes the error, so it must be readable.

const MAX_QUOTED = 200;

function quoted(output: string): string {
  const text = output.trim().replace(/\s+/g, " ");
  if (text === "") return "no output";
  return text.length > MAX_QUOTED ? `"${text.slice(0, MAX_QUOTED)}…"` : `"${text}"`;
}

function failed(what: string, result: CommandOutput | undefined): string | undefined {
  if (result === undefined) return `\`${what}\` was not run`;
  if (result.exitCode !== 0)
    return `\`${what}\` exited ${result.exitCode}: ${quoted(result.output)}`;
  return undefined;
}

// POSIX `df -P` data line: filesystem, 1-blocks, used, available, capacity, mount point.
const DF_LINE = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/;

/** Parses `df -P -B1 <path>`. */
export function parseDf(path: string, result: CommandOutput | undefined): DiskFact {
  const error = failed("df", result);
  if (error !== undefined) return { path, error };
  const lines = (result?.output ?? "").split("\n").filter((line) => line.trim() !== "");
  const match = DF_LINE.exec(lines[lines.length - 1]?.trim() ?? "");
  if (match === null || lines.length < 2) {
    return { path, error: `unexpected df output ${quoted(result?.output ?? "")}` };
  }
  return { path, total_bytes: Number(match[2]), free_bytes: Number(match[4]) };
}

/** Parses /proc/loadavg and `nproc`. */
export function parseLoad(
  loadavg: CommandOutput | undefined,
  nproc: CommandOutput | undefined,
): LoadFact {
  const error = failed("cat /proc/loadavg", loadavg) ?? failed("nproc", nproc);
  if (error !== undefined) return { error };
  const load1 = Number((loadavg?.output ?? "").trim().split(/\s+/)[0]);
  if (!Number.isFinite(load1) || load1 < 0) {
    return { error: `unexpected /proc/loadavg ${quoted(loadavg?.output ?? "")}` };
  }
  const cpus = Number((nproc?.output ?? "").trim());
  if (!Number.isInteger(cpus) || cpus < 1) {
    return { error: `unexpected nproc output ${quoted(nproc?.output ?? "")}` };
  }
  return { load1, cpus };
}

function meminfoBytes(output: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s*kB\\s*$`, "m").exec(output);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** Parses /proc/meminfo: MemAvailable is what a new container can get without swapping. */
export function parseMeminfo(result: CommandOutput | undefined): MemoryFact {
  const error = failed("cat /proc/meminfo", result);
  if (error !== undefined) return { error };
  const output = result?.output ?? "";
  const available = meminfoBytes(output, "MemAvailable");
  const total = meminfoBytes(output, "MemTotal");
  if (available === undefined || total === undefined) {
    return {
      error: "/proc/meminfo has no MemAvailable or MemTotal line (kernel older than 3.14?)",
    };
  }
  return { available_bytes: available, total_bytes: total };
}

/** Parses `docker info --format '{{json .ServerVersion}}'`: answering means a non-empty version. */
export function parseDockerVersion(result: CommandOutput | undefined): DockerFact {
  const error = failed("docker info", result);
  if (error !== undefined) return { answering: false, error };
  let version: unknown;
  try {
    version = JSON.parse((result?.output ?? "").trim());
  } catch {
    version = undefined;
  }
  if (typeof version !== "string" || version === "") {
    return {
      answering: false,
      error: `unexpected docker info output ${quoted(result?.output ?? "")}`,
    };
  }
  return { answering: true, server_version: version };
}

/** Builds the infrastructure policy's input from each fact command's output. */
export function parseHostFacts(
  outputs: Partial<Record<HostFact, CommandOutput>>,
  dataPath = DEFAULT_DOCKER_DATA_PATH,
): InfrastructureInput {
  return {
    disk: parseDf(dataPath, outputs.disk),
    load: parseLoad(outputs.loadavg, outputs.nproc),
    memory: parseMeminfo(outputs.meminfo),
    docker: parseDockerVersion(outputs.docker),
  };
}
