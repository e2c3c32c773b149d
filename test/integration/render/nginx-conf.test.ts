// Real nginx (Debian's nginx-light) on configs rendered from manifests. The renderer takes the
// upstream hosts as parameters (the components pass container names, resolved by Docker's DNS when
// nginx starts). Outside Docker those names do not resolve, so these tests pass loopback addresses
// 127.0.0.2 and 127.0.0.3 through the very same parameter: the config under test is byte for byte
// what production renders, except for the host names, and no resolver or /etc/hosts entry is used.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NginxRenderOptions } from "../../../components/render/nginx-conf";
import { renderNginxConf } from "../../../components/render/nginx-conf";
import type { Manifest, ManifestInput } from "../../../core/manifest";
import { ManifestSchema, parseManifest } from "../../../core/manifest";
import type { FakeApi, RunningNginx } from "../../kit/nginx/nginx-binary";
import {
  freePort,
  nginxTest,
  requireNginx,
  scratchDir,
  startFakeApi,
  startNginx,
  writeIn,
} from "../../kit/nginx/nginx-binary";

const STABLE = "127.0.0.2";
const CANARY = "127.0.0.3";
const fixturesDir = path.resolve(__dirname, "../../fixtures/manifests/valid");

const manifest = (sections: Partial<ManifestInput> = {}): Manifest =>
  ManifestSchema.parse({
    apiVersion: "swiftdeploy/v1",
    service: { name: "api" },
    release: { stable: { version: "1.0.0" } },
    ...sections,
  });

const scratch = scratchDir();
afterAll(() => scratch.dispose());

function options(name: string): NginxRenderOptions {
  return {
    upstreamHosts: { stable: STABLE, canary: CANARY },
    accessLogPath: path.join(scratch.dir, `${name}.access.json`),
    runtimeDir: scratch.dir,
  };
}

describe("nginx -t accepts every rendered config", () => {
  beforeAll(() => {
    requireNginx();
  });

  const canary = (weight: number) => ({
    release: { stable: { version: "1" }, canary: { version: "2", weight } },
  });
  it.each<[string, Manifest]>([
    ["no canary", manifest()],
    ["a 10 % canary", manifest(canary(10))],
    ["a 0 % canary", manifest(canary(0))],
    ["a 100 % canary", manifest(canary(100))],
    [
      "trusted IPv4 and IPv6 proxies",
      manifest({ proxy: { trustedProxies: ["10.0.0.0/8", "192.0.2.1", "2001:db8::/32"] } }),
    ],
    [
      "rate and connection limits",
      manifest({
        proxy: { rateLimit: { requestsPerSecond: 10, burst: 20, connectionsPerClient: 5 } },
      }),
    ],
    ["a bare rate limit", manifest({ proxy: { rateLimit: { requestsPerSecond: 1 } } })],
    [
      "no security headers and extra private paths",
      manifest({ proxy: { securityHeaders: false, privatePaths: ["/admin", "/a/b"] } }),
    ],
    [
      "the full fixture",
      parseManifest(readFileSync(path.join(fixturesDir, "full.yaml"), "utf8"), "full.yaml"),
    ],
    [
      "the legacy fixture",
      parseManifest(readFileSync(path.join(fixturesDir, "legacy.yaml"), "utf8"), "legacy.yaml"),
    ],
  ])("with %s", (name, input) => {
    const slug = name.replace(/[^a-z0-9]+/gi, "-");
    const conf = writeIn(scratch.dir, `${slug}.conf`, renderNginxConf(input, options(slug)));
    const result = nginxTest(conf, scratch.dir);
    expect(result.output).toContain("test is successful");
    expect(result.ok).toBe(true);
  });
});

interface Harness {
  port: number;
  logPath: string;
  nginx: RunningNginx;
  apis: FakeApi[];
}

/** nginx in front of two fake APIs on loopback; listens on 127.0.0.1 only (see the comment). */
async function serve(
  name: string,
  input: Manifest,
  startApi: (host: string, port: number, mode: string) => Promise<FakeApi> = startFakeApi,
): Promise<Harness> {
  requireNginx();
  const apiPort = await freePort(STABLE);
  const apis = [
    await startApi(STABLE, apiPort, "stable"),
    await startApi(CANARY, apiPort, "canary"),
  ];
  const port = await freePort();
  const rendered = renderNginxConf(
    { ...input, service: { ...input.service, port: apiPort } },
    { ...options(name), listenPort: port },
  );
  // The container listens on all its addresses; on a test machine, bind loopback only.
  const listen = `listen ${port} default_server;`;
  expect(rendered.split(listen)).toHaveLength(2);
  const conf = writeIn(
    scratch.dir,
    `${name}.conf`,
    rendered.replace(listen, `listen 127.0.0.1:${port} default_server;`),
  );
  try {
    const nginx = await startNginx(conf, scratch.dir, `http://127.0.0.1:${port}/nginx-health`);
    return { port, logPath: options(name).accessLogPath, nginx, apis };
  } catch (error) {
    await Promise.all(apis.map((api) => api.close()));
    throw error;
  }
}

async function shutdown(harness: Harness | undefined): Promise<void> {
  if (harness === undefined) return;
  await harness.nginx.stop();
  await Promise.all(harness.apis.map((api) => api.close()));
}

const logLines = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("a running nginx with no trusted proxies and a 25 % canary", () => {
  let h: Harness | undefined;
  const url = (p: string) => `http://127.0.0.1:${h?.port}${p}`;
  beforeAll(async () => {
    h = await serve(
      "live-untrusted",
      manifest({
        release: { stable: { version: "1" }, canary: { version: "2", weight: 25 } },
        proxy: { maxBodyKb: 1 },
      }),
    );
  });
  afterAll(() => shutdown(h));

  it("splits 200 requests 150/50 within one request per worker", async () => {
    const modes: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const response = await fetch(url(`/split/${i}`));
      modes.push(response.headers.get("x-mode") ?? "none");
      await response.arrayBuffer();
    }
    const canary = modes.filter((mode) => mode === "canary").length;
    expect(modes.filter((mode) => mode !== "canary" && mode !== "stable")).toEqual([]);
    expect(Math.abs(canary - 50)).toBeLessThanOrEqual(2);
  });

  it("passes the API's X-Mode and X-Upstream-Mode through with the security headers", async () => {
    const response = await fetch(url("/"));
    expect(response.headers.get("x-upstream-mode")).toBe(response.headers.get("x-mode"));
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get("server")).toBe("nginx");
  });

  it.each([
    ["GET", "/metrics"],
    ["GET", "/metrics/extra"],
    ["POST", "/chaos"],
    ["GET", "//metrics"],
    ["GET", "/%6Detrics"],
  ])("answers %s %s with 404 and never reaches the API", async (method, target) => {
    const response = await fetch(url(target), { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Not Found", statusCode: 404 });
    const seen = h?.apis.flatMap((api) => api.seen) ?? [];
    expect(seen.filter((p) => /metrics|chaos/i.test(p))).toEqual([]);
  });

  it("refuses a body over maxBodyKb with 413", async () => {
    const response = await fetch(url("/upload"), { method: "POST", body: "x".repeat(2048) });
    expect(response.status).toBe(413);
  });

  it("logs the connecting address, not a forged X-Forwarded-For, and gives the API only that", async () => {
    const response = await fetch(url("/who?token=secret"), {
      headers: { "X-Forwarded-For": "203.0.113.9", "User-Agent": "probe/1" },
    });
    expect(((await response.json()) as { xff: string }).xff).toBe("127.0.0.1");
    const line = logLines(h?.logPath ?? "").find((l) => l.path === "/who");
    expect(line).toMatchObject({
      source_ip: "127.0.0.1",
      method: "GET",
      path: "/who",
      status: 200,
      host: "127.0.0.1",
      user_agent: "probe/1",
      xff: "203.0.113.9",
      upstream_status: "200",
    });
    expect(typeof line?.response_size).toBe("number");
    expect(typeof line?.request_time).toBe("number");
    expect(String(line?.upstream_addr)).toMatch(/^127\.0\.0\.[23]:\d+$/);
    expect(String(line?.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(JSON.stringify(line)).not.toContain("secret");
  });

  it("writes every line as valid JSON, escaping hostile input, and keeps health checks out", async () => {
    await fetch(url("/quote"), { headers: { "User-Agent": 'evil"}\\{' } });
    await fetch(url("/nginx-health"));
    const lines = logLines(h?.logPath ?? "");
    expect(lines.find((l) => l.path === "/quote")?.user_agent).toBe('evil"}\\{');
    expect(lines.filter((l) => l.path === "/nginx-health")).toEqual([]);
  });
});

/** Sends raw request bytes (fetch refuses control bytes in headers) and resolves with the status line. */
function rawRequest(port: number, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
  });
}

describe("a running nginx bounds what a padded request puts in the log", () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await serve("live-padded", manifest());
  });
  afterAll(() => shutdown(h));
  const lines = () =>
    readFileSync(h?.logPath ?? "", "utf8")
      .split("\n")
      .filter((l) => l !== "");
  const request = (target: string, headers: string) =>
    Buffer.concat([
      Buffer.from(`GET ${target} HTTP/1.1\r\nHost: padded.test\r\nConnection: close\r\n`),
      Buffer.from(headers, "latin1"),
      Buffer.from("\r\n"),
    ]);

  it("cuts a 3 KB User-Agent and X-Forwarded-For to their caps, marked with ...", async () => {
    const ua = "U".repeat(3000);
    const xff = "1.2.3.4, ".repeat(300);
    expect(
      await rawRequest(
        h!.port,
        request("/pad", `User-Agent: ${ua}\r\nX-Forwarded-For: ${xff}\r\n`),
      ),
    ).toBe("HTTP/1.1 200 OK");
    const line = lines().find((l) => l.includes('"path":"/pad"'))!;
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed.user_agent).toBe(`${"U".repeat(256)}...`);
    expect(parsed.xff).toBe(`${xff.slice(0, 512)}...`);
    expect(parsed).toMatchObject({ source_ip: "127.0.0.1", peer_ip: "127.0.0.1", status: 200 });
  });

  it("keeps a line of control bytes (six bytes each once escaped) and a long path under 16 KB", async () => {
    const control = Buffer.alloc(7000, 0x01).toString("latin1");
    const path = `/${"%01".repeat(2000)}`;
    await rawRequest(
      h!.port,
      request(path, `User-Agent: ${control}\r\nX-Forwarded-For: ${control}\r\n`),
    );
    const line = lines().find((l) => l.includes('"path":"/\\u0001'))!;
    expect(line.length).toBeGreaterThan(4000);
    expect(line.length).toBeLessThan(16_384);
    const parsed = JSON.parse(line) as Record<string, string>;
    expect(parsed.user_agent).toBe(`${"\u0001".repeat(256)}...`);
    expect(parsed.path).toBe(`/${"\u0001".repeat(1023)}...`);
  });

  it("answers a header longer than its 8 KB buffer with 400, and logs that", async () => {
    const status = await rawRequest(h!.port, request("/too-big", `X-Big: ${"B".repeat(9000)}\r\n`));
    expect(status).toBe("HTTP/1.1 400 Bad Request");
    const line = lines().find((l) => l.includes('"status":400'));
    expect(line).toBeDefined();
    expect(line!.length).toBeLessThan(16_384);
  });
});

describe("a running nginx behind a trusted proxy", () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await serve("live-trusted", manifest({ proxy: { trustedProxies: ["127.0.0.1/32"] } }));
  });
  afterAll(() => shutdown(h));

  it.each([
    ["a single client address", "198.51.100.7", "198.51.100.7"],
    ["a chain ending in a trusted hop", "198.51.100.7, 127.0.0.1", "198.51.100.7"],
    ["a chain with a forged first hop", "203.0.113.66, 198.51.100.8", "198.51.100.8"],
  ])("believes X-Forwarded-For from it: %s", async (_name, xff, client) => {
    const response = await fetch(`http://127.0.0.1:${h?.port}/from/${client}`, {
      headers: { "X-Forwarded-For": xff },
    });
    expect(((await response.json()) as { xff: string }).xff).toBe(client);
    const line = logLines(h?.logPath ?? "").find(
      (l) => l.path === `/from/${client}` && l.xff === xff,
    );
    expect(line?.source_ip).toBe(client);
    expect(line?.peer_ip).toBe("127.0.0.1");
  });
});

/** A stand-in API that resets the connection of a request to /reset, as Node does to a request it cannot parse (a control byte in a header). */
async function startResettingApi(host: string, port: number, mode: string): Promise<FakeApi> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.url ?? "");
    if (request.url === "/reset") return request.socket.resetAndDestroy();
    response.setHeader("Content-Length", 2);
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  void mode;
  return { seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Sends `targets` one after the other on one keep-alive connection (one nginx worker); their status lines. */
function onOneConnection(port: number, targets: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const statuses: string[] = [];
    let pending = Buffer.alloc(0);
    const socket = connect(port, "127.0.0.1");
    const next = () => {
      const target = targets[statuses.length];
      if (target === undefined) {
        socket.end();
        resolve(statuses);
        return;
      }
      socket.write(`GET ${target} HTTP/1.1\r\nHost: keepalive.test\r\n\r\n`);
    };
    socket.on("connect", next);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const head = pending.indexOf("\r\n\r\n");
      if (head < 0) return;
      const headers = pending.subarray(0, head).toString("latin1");
      const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? NaN);
      if (!Number.isFinite(length)) return reject(new Error(`no Content-Length in ${headers}`));
      if (pending.length < head + 4 + length) return;
      statuses.push(headers.split("\r\n")[0]!);
      pending = pending.subarray(head + 4 + length);
      next();
    });
    socket.on("error", reject);
  });
}

describe("a running nginx with a canary, in front of an API that resets some connections", () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await serve(
      "live-resets",
      manifest({ release: { stable: { version: "1" }, canary: { version: "2", weight: 25 } } }),
      startResettingApi,
    );
  });
  afterAll(() => shutdown(h));

  it("keeps both servers in the upstream after a request the API reset: the next client is served", async () => {
    // failed before: 502 for every request for 10 s ("no live upstreams"): one reset per server
    // took it out (nginx's default max_fails=1), and a padded request gets one on each
    expect(await onOneConnection(h!.port, ["/reset", "/after", "/after"])).toEqual([
      "HTTP/1.1 502 Bad Gateway",
      "HTTP/1.1 200 OK",
      "HTTP/1.1 200 OK",
    ]);
    const apis = h!.apis.flatMap((api) => api.seen);
    expect(apis.filter((p) => p === "/reset")).toHaveLength(2);
  });
});
