import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../../core/clock";
import { SteadyClock } from "../../../../detector/io/steady-clock";

const T = Date.UTC(2026, 3, 27);
const YEAR_MS = 365 * 86_400_000;

function clocks() {
  const wall = new ManualClock(T);
  let mono = 1_000;
  const steady = new SteadyClock(wall, () => mono);
  const pass = (ms: number) => {
    mono += ms;
    wall.advance(ms);
  };
  return { wall, steady, pass, step: (ms: number) => wall.advance(ms) };
}

describe("SteadyClock (the daemon's clock)", () => {
  it("follows the wall clock while it runs as the monotonic clock does", () => {
    const c = clocks();
    c.pass(5_000);
    expect(c.steady.now()).toBe(T + 5_000);
  });

  it("ignores a step of the host's clock that is put right within the hold", () => {
    const c = clocks();
    c.step(YEAR_MS);
    c.pass(60_000);
    expect(c.steady.now()).toBe(T + 60_000);
    c.step(-YEAR_MS);
    c.pass(1_000);
    expect(c.steady.now()).toBe(T + 61_000);
    expect(c.steady.steps).toBe(1);
  });

  it("accepts a step that lasts ten minutes: the clock was corrected", () => {
    const c = clocks();
    c.step(-3_600_000);
    c.pass(1_000);
    expect(c.steady.now()).toBe(T + 1_000);
    c.pass(600_000);
    expect(c.steady.now()).toBe(T - 3_600_000 + 601_000);
  });
});
