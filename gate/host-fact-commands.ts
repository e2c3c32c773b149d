/** The host facts the deploy gate gathers, one shell command each. */
export const HostFact = {
  Disk: "disk",
  LoadAverage: "loadavg",
  Cpus: "nproc",
  Memory: "meminfo",
  Docker: "docker",
} as const;
export type HostFact = (typeof HostFact)[keyof typeof HostFact];

/** What one command printed (stdout and stderr together) and how it exited. */
export interface CommandOutput {
  readonly exitCode: number;
  readonly output: string;
}

/** Docker's data directory on a stock host: the disk the gate measures by default. */
export const DEFAULT_DOCKER_DATA_PATH = "/var/lib/docker";

const FACT_MARK = "@@swiftdeploy-fact";
const EXIT_MARK = "@@swiftdeploy-exit";

/** Quotes one word for a POSIX shell. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The exact command for each fact; `dataPath` is the directory whose filesystem must have room. */
export function hostFactCommands(dataPath = DEFAULT_DOCKER_DATA_PATH): Record<HostFact, string> {
  return {
    disk: `df -P -B1 ${shellQuote(dataPath)}`,
    loadavg: "cat /proc/loadavg",
    nproc: "nproc",
    meminfo: "cat /proc/meminfo",
    docker: `docker info --format '{{json .ServerVersion}}'`,
  };
}

/**
 * One POSIX shell script that runs every fact's command and frames each output, so one SSH
 * session gathers them all; `splitHostFactsOutput` takes its stdout apart again. The exit mark
 * starts on a new line because some outputs do not end with one.
 */
export function hostFactsScript(dataPath = DEFAULT_DOCKER_DATA_PATH): string {
  return Object.entries(hostFactCommands(dataPath))
    .map(
      ([fact, command]) =>
        `echo '${FACT_MARK} ${fact}'; ${command} 2>&1; printf '\\n${EXIT_MARK} %s\\n' "$?"`,
    )
    .join("\n");
}

/** Splits the stdout of `hostFactsScript` into one output per fact; facts not seen are absent. */
export function splitHostFactsOutput(stdout: string): Partial<Record<HostFact, CommandOutput>> {
  const known = new Set<string>(Object.values(HostFact));
  const result: Partial<Record<HostFact, CommandOutput>> = {};
  let current: { fact: HostFact; lines: string[] } | undefined;
  for (const line of stdout.split("\n")) {
    if (line.startsWith(`${FACT_MARK} `)) {
      const fact = line.slice(FACT_MARK.length + 1).trim();
      current = known.has(fact) ? { fact: fact as HostFact, lines: [] } : undefined;
    } else if (line.startsWith(`${EXIT_MARK} `) && current !== undefined) {
      const exitCode = Number.parseInt(line.slice(EXIT_MARK.length + 1), 10);
      result[current.fact] = {
        exitCode: Number.isNaN(exitCode) ? 1 : exitCode,
        output: current.lines.join("\n").replace(/\n+$/, ""),
      };
      current = undefined;
    } else {
      current?.lines.push(line);
    }
  }
  return result;
}
