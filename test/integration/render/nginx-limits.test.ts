// Real nginx (Debian's nginx-light) on loopback with the config the stack renders, in front of a
// stand-in API that answers /slow/* only after a while: what a connection flood, a slowloris client
// and an oversized body meet, and what of it reaches the access log the detector reads.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderNginxConf } from "../../../components/render/nginx-conf";
import type { ManifestInput } from "../../../core/manifest";
import { manifestWith } from "../../kit/manifest";
import type { RunningNginx } from "../../kit/nginx/nginx-binary";
import {
  freePort,
  requireNginx,
  scratchDir,
  startNginx,
  writeIn,
} from "../../kit/nginx/nginx-binary";

const API_HOST = "127.0.0.2";
const SLOW_MS = 2500;

interface Harness {
  readonly url: (target: string) => string;
  readonly port: number;
  readonly logPath: string;
  readonly nginx: RunningNginx;
  readonly api: Server;
  /** Requests the API received, by path. */
  readonly reached: string[];
}

const scratch = scratchDir();
afterAll(() => scratch.dispose());

/** An API that answers at once, except /slow/* which it holds for SLOW_MS. */
async function startApi(port: number, reached: string[]): Promise<Server> {
  const server = createServer((request, response) => {
    reached.push(request.url ?? "");
    const answer = () => response.end('{"ok":true}');
    if (request.url?.startsWith("/slow/")) setTimeout(answer, SLOW_MS).unref();
    else request.resume().on("end", answer);
  });
  await new Promise<void>((resolve) => server.listen(port, API_HOST, resolve));
  return server;
}

async function serve(name: string, sections: Partial<ManifestInput> = {}): Promise<Harness> {
  requireNginx();
  const apiPort = await freePort(API_HOST);
  const reached: string[] = [];
  const api = await startApi(apiPort, reached);
  const port = await freePort();
  const logPath = path.join(scratch.dir, `${name}.access.json`);
  const manifest = manifestWith({ ...sections, service: { name: "api", port: apiPort } });
  const rendered = renderNginxConf(manifest, {
    upstreamHosts: { stable: API_HOST, canary: API_HOST },
    accessLogPath: logPath,
    runtimeDir: scratch.dir,
    listenPort: port,
  });
  const listen = `listen ${port} default_server;`;
  expect(rendered.split(listen)).toHaveLength(2);
  const conf = writeIn(
    scratch.dir,
    `${name}.conf`,
    rendered.replace(listen, `listen 127.0.0.1:${port} default_server;`),
  );
  const nginx = await startNginx(conf, scratch.dir, `http://127.0.0.1:${port}/nginx-health`);
  return { url: (t) => `http://127.0.0.1:${port}${t}`, port, logPath, nginx, api, reached };
}

async function shutdown(h: Harness | undefined): Promise<void> {
  if (h === undefined) return;
  await h.nginx.stop();
  h.api.closeAllConnections();
  await new Promise((resolve) => h.api.close(resolve));
}

function statuses(logPath: string, prefix: string): number[] {
  return readFileSync(logPath, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as { path: string; status: number })
    .filter((line) => line.path.startsWith(prefix))
    .map((line) => line.status);
}

const count = (values: readonly number[]) =>
  values.reduce<Record<number, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});

/** Waits until the access log has `n` lines under `prefix` (nginx writes them as requests end). */
async function logged(logPath: string, prefix: string, n: number): Promise<number[]> {
  for (let i = 0; i < 100; i += 1) {
    const found = statuses(logPath, prefix);
    if (found.length >= n) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return statuses(logPath, prefix);
}

describe("nginx with the default limits, in front of a slow API", () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await serve("defaults");
  });
  afterAll(() => shutdown(h));

  it("refuses a body over the API's 16 KB limit with 413, before it reaches the API", async () => {
    const big = await fetch(h!.url("/body/big"), { method: "POST", body: "x".repeat(17 * 1024) });
    const fits = await fetch(h!.url("/body/fits"), { method: "POST", body: "x".repeat(15 * 1024) });
    expect([big.status, fits.status]).toEqual([413, 200]);
    expect(h!.reached.filter((p) => p.startsWith("/body/"))).toEqual(["/body/fits"]);
    expect(await logged(h!.logPath, "/body/", 2)).toEqual([413, 200]);
  });

  it("answers 429 to the requests one address has beyond 50 at once, and logs each", async () => {
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        fetch(h!.url(`/slow/${i}`), { signal: AbortSignal.timeout(10_000) }).then((r) => r.status),
      ),
    );
    expect(count(replies)).toEqual({ 200: 50, 429: 10 });
    expect(count(await logged(h!.logPath, "/slow/", 60))).toEqual({ 200: 50, 429: 10 });
  });

  // Before the burst test: right after it this address's rate bucket is still full, and the next
  // request may get 429 instead of reaching the slow API.
  it("logs 499 for a client that gives up on a slow answer", async () => {
    const aborted = fetch(h!.url("/slow/abandoned"), { signal: AbortSignal.timeout(300) });
    await expect(aborted).rejects.toThrow();
    expect(await logged(h!.logPath, "/slow/abandoned", 1)).toEqual([499]);
  });

  it("answers 429 beyond the burst of a single address's requests", async () => {
    const replies: number[] = [];
    for (let round = 0; round < 40; round += 1) {
      const batch = Array.from({ length: 10 }, (_, i) =>
        fetch(h!.url(`/burst/${round}-${i}`)).then((r) => r.status),
      );
      replies.push(...(await Promise.all(batch)));
    }
    expect(replies.slice(0, 200).every((status) => status === 200)).toBe(true);
    expect(replies.filter((status) => status === 429).length).toBeGreaterThan(100);
    expect((await logged(h!.logPath, "/burst/", 400)).filter((s) => s === 429).length).toBe(
      replies.filter((status) => status === 429).length,
    );
  });
});

describe("nginx with a 2 s header timeout", () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await serve("slowloris", { proxy: { timeouts: { clientHeaderSeconds: 2 } } });
  });
  afterAll(() => shutdown(h));

  it("cuts a slowloris client that trickles its headers, and logs 408 for it", async () => {
    const socket = net.connect(h!.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", resolve));
    socket.write("GET /slowloris HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const started = Date.now();
    const trickle = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Keep-${Date.now()}: 1\r\n`);
    }, 400);
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.once("error", () => undefined);
    });
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(await logged(h!.logPath, "/slowloris", 1)).toEqual([408]);
    expect(h!.reached.filter((p) => p === "/slowloris")).toEqual([]);
  });
});
