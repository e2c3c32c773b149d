import { describe, expect, it } from "vitest";
import { parseCpuLine, stealShare } from "../../../bench/api/cpu";
import { parseWrk, thinkTimeScript } from "../../../bench/api/wrk";

const REPORT = `Running 1s test @ http://127.0.0.1:40999/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.81ms  735.81us   5.38ms   71.11%
    Req/Sec     1.05k    90.67     1.14k    90.00%
  Latency Distribution
     50%  731.00us
     75%    2.19ms
     90%    2.73ms
     99%    4.09ms
  1050 requests in 1.00s, 1.60MB read
Requests/sec:   1049.00
Transfer/sec:      1.60MB
`;

describe("wrk's report", () => {
  it("gives requests, rate and percentiles in milliseconds, whatever unit wrk printed", () => {
    expect(parseWrk(REPORT)).toEqual({
      requests: 1050,
      requestsPerSecond: 1049,
      p50Ms: 0.731,
      p99Ms: 4.09,
      errors: 0,
    });
  });

  it("counts non-2xx answers and every kind of socket error as errors", () => {
    const failing = REPORT.replace(
      "Requests/sec",
      "  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 5\nRequests/sec",
    );
    expect(parseWrk(failing).errors).toBe(15);
  });

  it("refuses a report it cannot read rather than reporting zeros", () => {
    expect(() => parseWrk("unable to connect to 127.0.0.1:1 Connection refused")).toThrow(
      /could not read wrk's report/,
    );
  });
});

describe("paced load script", () => {
  it("draws exponential think times with the given mean, rounded to wrk's whole milliseconds, from a fixed seed", () => {
    const script = thinkTimeScript(4.4);
    expect(script).toMatch(/^math\.randomseed\(\d+\)$/m);
    expect(script).toContain("return math.floor(-math.log(1 - math.random()) * 4.400 + 0.5)");
    expect(thinkTimeScript(4.4)).toBe(script);
  });
});

describe("steal share", () => {
  it("is the stolen part of the machine's CPU time between two readings", () => {
    expect(
      stealShare({ total: 1000, busy: 500, steal: 10 }, { total: 1400, busy: 800, steal: 30 }),
    ).toBeCloseTo(0.05);
  });

  it("is 0 when no time passed", () => {
    expect(stealShare({ total: 5, busy: 2, steal: 1 }, { total: 5, busy: 2, steal: 1 })).toBe(0);
  });
});

describe("/proc/stat's cpu line", () => {
  // user nice system idle iowait irq softirq steal guest guest_nice
  const line = "cpu  4705 150 1120 16250 520 30 40 70 900 0";

  it("counts user, nice, system, irq and softirq as busy, not idle, iowait or steal", () => {
    expect(parseCpuLine(line)).toEqual({
      busy: 4705 + 150 + 1120 + 30 + 40,
      total: 4705 + 150 + 1120 + 16250 + 520 + 30 + 40 + 70,
      steal: 70,
    });
  });

  it("does not count guest time twice: the kernel already counts it inside user", () => {
    expect(parseCpuLine(line.replace(" 900 ", " 0 ")).busy).toBe(parseCpuLine(line).busy);
  });
});
