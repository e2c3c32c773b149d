import { describe, expect, it } from "vitest";
import { DEFAULT_OPERATIONAL_PATHS, edgeWindows } from "../../../gate";

const STABLE = "172.20.0.4:3000";
const CANARY = "172.20.0.5:3000";
const trackOf = (addr: string) =>
  addr === STABLE ? "stable" : addr === CANARY ? "canary" : undefined;
const T0 = Date.parse("2026-12-06T03:00:00Z");

function line(
  second: number,
  fields: { status: number; addr: string; upstreamStatus: string; time: string; path?: string },
): string {
  return JSON.stringify({
    source_ip: "198.51.100.7",
    peer_ip: "198.51.100.7",
    timestamp: new Date(T0 + second * 1000).toISOString().replace(".000Z", "+00:00"),
    status: fields.status,
    method: "GET",
    path: fields.path ?? "/api/items",
    response_size: 12,
    request_time: 0.01,
    upstream_addr: fields.addr,
    upstream_status: fields.upstreamStatus,
    upstream_response_time: fields.time,
  });
}

const ok = (s: number, addr: string, time = "0.010") =>
  line(s, { status: 200, addr, upstreamStatus: "200", time });

describe("edgeWindows: each version as Nginx's users saw it", () => {
  it("counts a canary that is down (502 from Nginx) against the canary, though the API never saw it", () => {
    const lines = [
      ...Array.from({ length: 90 }, (_, i) => ok(i % 60, STABLE)),
      ...Array.from({ length: 7 }, (_, i) => ok(i, CANARY)),
      ...Array.from({ length: 3 }, (_, i) =>
        line(10 + i, { status: 502, addr: CANARY, upstreamStatus: "502", time: "0.001" }),
      ),
    ];
    const w = edgeWindows(lines, T0, T0 + 60_000, trackOf, DEFAULT_OPERATIONAL_PATHS);
    expect(w.canary).toMatchObject({ requests: 10, errors: 3 });
    expect(w.stable).toMatchObject({ requests: 90, errors: 0, p99_ms: 10 });
    expect(w.unreadable).toBe(0);
  });

  it("takes p99 from the upstream times and counts a 504 timeout as an error", () => {
    const lines = [
      ...Array.from({ length: 98 }, (_, i) => ok(i % 50, CANARY, "0.020")),
      line(51, { status: 504, addr: CANARY, upstreamStatus: "504", time: "30.001" }),
      line(52, { status: 504, addr: CANARY, upstreamStatus: "504", time: "30.002" }),
    ];
    const w = edgeWindows(lines, T0, T0 + 60_000, trackOf, []);
    expect(w.canary).toEqual({
      requests: 100,
      errors: 2,
      p99_ms: 30001,
      p99_beyond_buckets: false,
    });
  });

  it("splits a retried request between the versions it tried, each attempt with its own status", () => {
    const retried = line(5, {
      status: 200,
      addr: `${CANARY}, ${STABLE}`,
      upstreamStatus: "502, 200",
      time: "0.001, 0.015",
    });
    const w = edgeWindows([retried], T0, T0 + 60_000, trackOf, []);
    expect(w.canary).toMatchObject({ requests: 1, errors: 1, p99_ms: 1 });
    expect(w.stable).toMatchObject({ requests: 1, errors: 0, p99_ms: 15 });
  });

  it("uses the client's status when the attempt logged none, and a client that left is no 5xx", () => {
    const lines = [
      line(1, { status: 499, addr: CANARY, upstreamStatus: "-", time: "-" }),
      line(2, { status: 500, addr: CANARY, upstreamStatus: "-", time: "-" }),
    ];
    const w = edgeWindows(lines, T0, T0 + 60_000, trackOf, []);
    expect(w.canary).toMatchObject({ requests: 2, errors: 1, p99_ms: null });
  });

  it("keeps to the window, leaves out operational paths, other upstreams and requests Nginx answered itself", () => {
    const lines = [
      ok(-1, CANARY),
      ok(60, CANARY),
      line(3, {
        status: 200,
        addr: CANARY,
        upstreamStatus: "200",
        time: "0.002",
        path: "/healthz",
      }),
      ok(4, "10.0.0.9:9000"),
      line(5, { status: 444, addr: "", upstreamStatus: "", time: "" }),
      "not json",
      ok(6, CANARY),
    ];
    const w = edgeWindows(lines, T0, T0 + 60_000, trackOf, DEFAULT_OPERATIONAL_PATHS);
    expect(w.canary).toMatchObject({ requests: 1, errors: 0 });
    expect(w.stable.requests).toBe(0);
    expect(w.stable.p99_ms).toBeNull();
    expect(w.unreadable).toBe(1);
  });
});
