import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";

export const BUNDLE = path.join(REPO_ROOT, "dist/api/server.js");

/** Bundles the API exactly as `npm run api` and the image do. */
export function buildBundle(): void {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`node scripts/build.mjs failed:\n${result.stderr}`);
}

/** A log line of the API (pino JSON). */
export type LogLine = Record<string, unknown> & { msg?: string };

/** The bundled API running as a child process on a loopback port. */
export interface ApiProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logs: LogLine[];
  readonly stderr: () => string;
  /** Resolves with the first log line (past or future) that satisfies `match`; rejects after `ms`. */
  waitForLog(match: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/** Started processes, so a failing test still leaves none behind. */
const running = new Set<ChildProcess>();

/** Kills whatever `startApi` started and is still running. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** Runs the bundle with the given env; resolves once it logs "api ready" with its port. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, [BUNDLE], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = "";
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );

  const waitForLog = (match: (line: LogLine) => boolean, ms = 10_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = logs.find(match);
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching log line within ${ms} ms; logs:\n${JSON.stringify(logs)}\nstderr:\n${stderr}`,
          ),
        );
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = (): void => void check();
      waiters.add(wake);
      check();
    });

  const ready = await waitForLog((line) => line.msg === "api ready");
  return { child, port: Number(ready.port), logs, stderr: () => stderr, waitForLog, exited };
}

/** Runs the bundle to completion (for settings it must refuse). */
export function runApiToExit(env: Record<string, string>): {
  status: number | null;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [BUNDLE], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 10_000,
  });
  return { status: result.status, stderr: result.stderr };
}
