import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

let ticksPerSecond: number | undefined;

/** The unit of /proc's CPU times (USER_HZ). */
function clockTicksPerSecond(): number {
  ticksPerSecond ??=
    Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc. CPU per request holds up on a
 * busy machine better than requests per second, which other processes' load drags around.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

/** Process ids of a process's children (Nginx's workers, for its master). */
export function childPids(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  const text = existsSync(file)
    ? readFileSync(file, "utf8")
    : execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" });
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/** The machine's CPU time so far, in clock ticks: all of it, the part spent working, and stolen. */
export interface MachineTicks {
  readonly total: number;
  /** User, nice, system, irq and softirq: every process's work and the kernel's, for anyone. */
  readonly busy: number;
  readonly steal: number;
}

/**
 * Parses /proc/stat's first (`cpu`) line. On a virtual machine, steal is time a vCPU was runnable
 * but the host ran someone else: no process here can see it, yet it stalls whichever one was
 * running, and it is what makes two runs of the same load disagree on the tail.
 */
export function parseCpuLine(line: string): MachineTicks {
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user).
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    fields;
  const busy = user + nice + system + irq + softirq;
  return { total: busy + idle + iowait + steal, busy, steal };
}

export function machineTicks(): MachineTicks {
  return parseCpuLine(readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!);
}

/** Share of the machine's CPU time stolen between two readings. */
export function stealShare(before: MachineTicks, after: MachineTicks): number {
  const total = after.total - before.total;
  return total > 0 ? (after.steal - before.steal) / total : 0;
}

/** Seconds of CPU the whole machine spent working between two readings (all CPUs together). */
export function busySeconds(before: MachineTicks, after: MachineTicks): number {
  return (after.busy - before.busy) / clockTicksPerSecond();
}
