import fs from "node:fs";
import http from "node:http";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderOpaData } from "../../../components/render/opa-data";
import { PolicySchema } from "../../../core/manifest";
import { DEFAULT_OPERATIONAL_PATHS, edgeWindows } from "../../../gate";
import { createFetchOpaClient } from "../../../gate/fetch-opa-client";
import { checkCanary } from "../../../cli/promotion/canary-check";
import { FakeApiMetrics } from "../../kit/metrics/fake-api-metrics";
import { LOG_FORMAT } from "../../kit/detector/nginx";
import { must } from "../../kit/detector/sh";
import { startOpaServer, type OpaServer } from "../../kit/opa/opa-server";

// A canary that is down behind the real Nginx, with the upstream block the stack renders
// (weights 90/10, max_fails=0, Nginx's default retry on the next server): users get their pages
// from stable, so the API's own metrics look clean, but Nginx logs every canary attempt as a 502.

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

let dir: string;
let nginx: ChildProcess | undefined;
let stable: http.Server | undefined;
let opa: OpaServer | undefined;
let ports: { nginx: number; stable: number; canary: number };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-edge-"));
  ports = { nginx: await freePort(), stable: await freePort(), canary: await freePort() };
  stable = http.createServer((_, res) => res.end("stable\n")).listen(ports.stable, "127.0.0.1");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
${LOG_FORMAT}  access_log ${dir}/access.json swiftdeploy_json;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream api {
    server 127.0.0.1:${ports.stable} weight=90 max_fails=0;
    server 127.0.0.1:${ports.canary} weight=10 max_fails=0;
  }
  server {
    listen 127.0.0.1:${ports.nginx};
    location / { proxy_pass http://api; }
  }
}
`,
  );
  must(["nginx", "-t", "-c", `${dir}/nginx.conf`, "-g", `error_log ${dir}/error.log;`]);
  nginx = spawn("nginx", ["-c", `${dir}/nginx.conf`, "-g", "daemon off;"], { stdio: "ignore" });
  for (let i = 0; i < 100 && !fs.existsSync(`${dir}/access.json`); i++)
    await new Promise((r) => setTimeout(r, 50));
  opa = await startOpaServer(renderOpaData(PolicySchema.parse({})));
});

afterAll(async () => {
  nginx?.kill("SIGTERM");
  stable?.close();
  await opa?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

describe("the promotion gate on Nginx's view", () => {
  it("rejects a canary that is down behind Nginx, though users got 200s and its own metrics are clean", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 1200; i++)
      statuses.push(await get(`http://127.0.0.1:${ports.nginx}/api/items`));
    expect(statuses.every((s) => s === 200)).toBe(true);

    const lines = fs.readFileSync(`${dir}/access.json`, "utf8").split("\n");
    const tracks = new Map([
      [`127.0.0.1:${ports.stable}`, "stable" as const],
      [`127.0.0.1:${ports.canary}`, "canary" as const],
    ]);
    const edge = edgeWindows(
      lines,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      (addr) => tracks.get(addr),
      DEFAULT_OPERATIONAL_PATHS,
    );
    expect(edge.unreadable).toBe(0);
    expect(edge.stable).toMatchObject({ requests: 1200, errors: 0 });
    expect(edge.canary.requests).toBeGreaterThanOrEqual(100);
    expect(edge.canary.errors).toBe(edge.canary.requests);

    // The API side: what a live canary's /metrics would have shown had it served cleanly.
    const api = new FakeApiMetrics();
    const start = await api.scrape(0);
    api.serve(1000, 200, 0.01);
    const pairs = { canary: { start, end: await api.scrape(60_000) } };
    const opaClient = createFetchOpaClient({ baseUrl: opa!.baseUrl, log: () => {} });

    const apiOnly = await checkCanary(opaClient, pairs);
    expect(apiOnly.outcome).toBe("promote");
    const withEdge = await checkCanary(opaClient, pairs, edge);
    expect(withEdge.outcome).toBe("fail");
    expect(withEdge.decision.reasons).toEqual([
      `Error rate at Nginx 100.00% exceeds maximum 1.00% (${edge.canary.requests} of ${edge.canary.requests} requests got a 5xx)`,
    ]);
    expect(withEdge.edge?.canary.errors).toBe(edge.canary.requests);
  });
});
