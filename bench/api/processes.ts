import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";

/** The Node the images run when setup cached it, else this one: the bench says which it used. */
export function nodeBinary(): string {
  const cache = process.env.SWIFTDEPLOY_CACHE ?? "/var/cache/swiftdeploy";
  const version = process.env.NODE_RUNTIME_VERSION ?? "22.23.3";
  const cached = path.join(cache, `tools/node-v${version}/bin/node`);
  return existsSync(cached) ? cached : process.execPath;
}

/** A port on loopback that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Resolves once GET `url` answers 200; gives up after `attempts` tries 50 ms apart. */
export async function waitForHttp(url: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      http
        .get(url, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        })
        .on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer 200`);
}

/** Starts the bundled API on a loopback port with the given extra settings. */
export function startApi(
  node: string,
  bundle: string,
  port: number,
  env: Record<string, string>,
): ChildProcess {
  return spawn(node, [bundle], {
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
