import { describe, expect, it } from "vitest";
import { ScrapeRing } from "../../../../cli/analysis/scrape-ring";

const at = (ms: number) => ({ text: `# ${ms}`, at: ms });

describe("ScrapeRing: a sliding analysis window", () => {
  it("has no full window until the scrapes span it", () => {
    const ring = new ScrapeRing(20_000);
    ring.push(at(0));
    ring.push(at(5_000));
    expect(ring.window(10_000)).toBeUndefined();
    ring.push(at(10_000));
    expect(ring.window(10_000)).toEqual({ start: at(0), end: at(10_000) });
  });

  it("slides: the window starts at the newest scrape at least one window older than the end", () => {
    const ring = new ScrapeRing(20_000);
    for (const ms of [0, 3_000, 6_000, 9_000, 12_000, 15_000]) ring.push(at(ms));
    expect(ring.window(10_000)).toEqual({ start: at(3_000), end: at(15_000) });
  });

  it("gives the longest window there is when asked for a partial one", () => {
    const ring = new ScrapeRing(20_000);
    ring.push(at(0));
    expect(ring.window(10_000, true)).toBeUndefined();
    ring.push(at(3_000));
    expect(ring.window(10_000, true)).toEqual({ start: at(0), end: at(3_000) });
  });

  it("forgets scrapes older than it keeps, but never the one that still starts a full window", () => {
    const ring = new ScrapeRing(10_000);
    for (const ms of [0, 4_000, 8_000, 12_000, 16_000, 20_000]) ring.push(at(ms));
    expect(ring.size).toBe(4);
    expect(ring.window(10_000)).toEqual({ start: at(8_000), end: at(20_000) });
  });

  it("ignores a scrape that is not newer than the last one", () => {
    const ring = new ScrapeRing(10_000);
    ring.push(at(5_000));
    ring.push(at(5_000));
    ring.push(at(1_000));
    expect(ring.size).toBe(1);
  });
});
