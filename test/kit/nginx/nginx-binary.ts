import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** The nginx binary, or a failure that says how to get it (never a silent skip). */
export function requireNginx(): string {
  try {
    execFileSync("nginx", ["-v"], { stdio: "pipe" });
    return "nginx";
  } catch {
    throw new Error(
      "nginx is required for this test: `apt-get install -y nginx-light` (npm run setup installs it)",
    );
  }
}

/** A scratch directory (world-readable, so nginx workers can use it) removed by `dispose`. */
export function scratchDir(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "swiftdeploy-nginx-"));
  chmodSync(dir, 0o755);
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `nginx -t` on a config file: exit status and output. */
export function nginxTest(conf: string, prefix: string): { ok: boolean; output: string } {
  const result = spawnSync("nginx", ["-e", "stderr", "-p", prefix, "-c", conf, "-t"], {
    encoding: "utf8",
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** A free loopback TCP port (bound then released). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A stand-in API on a loopback address: answers with its mode, counts the paths it saw. */
export interface FakeApi {
  readonly seen: string[];
  close(): Promise<void>;
}

/** Start a FakeApi on host:port that labels its answers with `mode` (X-Mode, X-Upstream-Mode). */
export async function startFakeApi(host: string, port: number, mode: string): Promise<FakeApi> {
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request.url ?? "");
    response.setHeader("X-Mode", mode);
    response.setHeader("X-Upstream-Mode", mode);
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ mode, xff: request.headers["x-forwarded-for"] ?? null }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return {
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A running nginx master (foreground) started from a config file. */
export interface RunningNginx {
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/** Start nginx in the foreground and wait (bounded) until `healthUrl` answers 200. */
export async function startNginx(
  conf: string,
  prefix: string,
  healthUrl: string,
): Promise<RunningNginx> {
  let stderr = "";
  const child: ChildProcess = spawn(
    "nginx",
    ["-e", "stderr", "-p", prefix, "-c", conf, "-g", "daemon off;"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(healthUrl)).status === 200) return { stderr: () => stderr, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`nginx did not become healthy:\n${stderr}`);
}

/** Write `text` to `dir/name` and return the path. */
export function writeIn(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
