import net from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, killAll, runApiToExit, startApi } from "../../kit/api/api-process";
import { request } from "../../kit/api/http";

/** Resolves true when a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

beforeAll(() => buildBundle());
afterEach(() => killAll());

describe("the bundled API process", () => {
  it("serves real HTTP in the mode and on the port it was given", async () => {
    const api = await startApi({ MODE: "canary", APP_VERSION: "9.9.9" });
    const res = await request(api.port, "/");
    expect(res.status).toBe(200);
    expect(res.headers["x-mode"]).toBe("canary");
    expect(JSON.parse(res.body)).toMatchObject({
      mode: "canary",
      version: "9.9.9",
      service: "swiftdeploy-api",
    });
    const metrics = await request(api.port, "/metrics");
    expect(metrics.body).toContain(
      'http_requests_total{method="GET",path="/",status_code="200"} 1',
    );
    expect(metrics.body).toContain(
      'app_info{service="swiftdeploy-api",version="9.9.9",mode="canary"} 1',
    );
  });

  it("writes no log line per request at info level", async () => {
    const api = await startApi({ MODE: "stable" });
    for (let i = 0; i < 5; i += 1) await request(api.port, "/");
    await request(api.port, "/missing");
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(0);
    expect(api.logs.map((l) => l.msg)).toEqual([
      "Server listening at http://127.0.0.1:" + api.port,
      "api ready",
      "shutting down: draining in-flight requests",
      "shutdown complete",
    ]);
  });

  it("finishes a slow request in flight on SIGTERM, refuses new connections, and exits 0", async () => {
    const api = await startApi({ MODE: "canary", LOG_LEVEL: "debug" });
    // 3 s of delay leaves the drain checks below ample time on a busy machine.
    const chaos = await request(api.port, "/chaos", {
      method: "POST",
      body: { mode: "slow", duration: 3 },
    });
    expect(chaos.status).toBe(200);

    const slow = request(api.port, "/");
    await api.waitForLog((line) => line.msg === "chaos delay");
    api.child.kill("SIGTERM");
    await api.waitForLog((line) => line.msg === "shutting down: draining in-flight requests");

    let attempts = 0;
    while (!(await refused(api.port)) && attempts < 150) {
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await refused(api.port)).toBe(true);

    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.headers.connection).toBe("close");
    expect(JSON.parse(res.body)).toMatchObject({ mode: "canary" });
    expect(await api.exited).toBe(0);
    expect(api.logs.some((l) => l.msg === "shutdown complete")).toBe(true);
  });

  it("exits 1 when a request outlasts SHUTDOWN_TIMEOUT_MS", async () => {
    const api = await startApi({ MODE: "canary", LOG_LEVEL: "debug", SHUTDOWN_TIMEOUT_MS: "300" });
    await request(api.port, "/chaos", { method: "POST", body: { mode: "slow", duration: 5 } });
    const slow = request(api.port, "/").catch((error: Error) => error);
    await api.waitForLog((line) => line.msg === "chaos delay");
    api.child.kill("SIGTERM");
    expect(await api.exited).toBe(1);
    expect(await slow).toBeInstanceOf(Error);
    expect(api.logs.some((l) => l.msg === "shutdown timed out with requests still in flight")).toBe(
      true,
    );
  });

  it("has no /metrics with METRICS=off", async () => {
    const api = await startApi({ METRICS: "off" });
    expect((await request(api.port, "/metrics")).status).toBe(404);
    expect((await request(api.port, "/")).status).toBe(200);
  });

  it("refuses bad settings with exit code 2 and one line per variable", () => {
    const { status, stderr } = runApiToExit({ MODE: "blue", PORT: "http", CHAOS_TOKEN: "tiny" });
    expect(status).toBe(2);
    expect(stderr).toBe(
      [
        "swiftdeploy-api: invalid settings, not starting:",
        '  - MODE: expected one of "stable", "canary", got "blue"',
        '  - PORT: expected an integer from 0 to 65535, got "http"',
        "  - CHAOS_TOKEN: expected 16 to 512 printable characters without spaces, got a value of 4 characters",
        "",
      ].join("\n"),
    );
  });
});
