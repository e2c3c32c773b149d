import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";
import { systemClock } from "../../../core/clock";
import { waitForOpa } from "../../../gate/opa-readiness";

/** A real `opa run --server` on a loopback port, with the project's policies and a data document. */
export interface OpaServer {
  readonly baseUrl: string;
  /** Everything OPA printed, for failure messages. */
  output(): string;
  /** Stops OPA (by its pid) and removes its temp files; safe to call twice. */
  stop(): Promise<void>;
}

/** The pinned OPA binary as scripts/env.sh puts it on PATH; fails saying how to get it. */
export function opaBinary(): string {
  const found = execFileSync(
    "bash",
    ["-c", `. "${REPO_ROOT}/scripts/env.sh" && command -v opa || true`],
    {
      encoding: "utf8",
    },
  ).trim();
  if (found === "" || !existsSync(found)) {
    throw new Error("OPA is not installed (scripts/env.sh found no `opa`); run `npm run setup`");
  }
  return found;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Starts OPA with policies/opa (tests excluded) and `data` as its data document; polls readiness. */
export async function startOpaServer(data: unknown): Promise<OpaServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-opa-"));
  const dataFile = path.join(dir, "data.json");
  writeFileSync(dataFile, JSON.stringify(data));
  return launchOpa(dir, (address) => [
    "run",
    "--server",
    "--addr",
    address,
    "--skip-version-check",
    "--log-level",
    "error",
    "--ignore",
    "*_test.rego",
    path.join(REPO_ROOT, "policies/opa"),
    dataFile,
  ]);
}

/**
 * Runs `opa <argsFor(address)>` on a free loopback address until `stop()`, which also removes
 * `dir` (the test's temp files); resolves once `GET /health` answers.
 */
export async function launchOpa(
  dir: string,
  argsFor: (address: string) => string[],
): Promise<OpaServer> {
  let binary: string;
  try {
    binary = opaBinary();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(binary, argsFor(`127.0.0.1:${port}`), {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.kill("SIGTERM");
    await exited(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const died = exited(child).then(() => {
    throw new Error(
      `opa exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`,
    );
  });
  try {
    await Promise.race([waitForOpa({ baseUrl, clock: systemClock, timeoutMs: 20_000 }), died]);
  } catch (error) {
    await stop();
    throw error;
  }
  died.catch(() => undefined);
  return { baseUrl, output: () => output, stop };
}
