import { describe, expect, it } from "vitest";
import { TopSources } from "../../../../detector/rules/top-sources";

describe("TopSources", () => {
  it("keeps a heavy sender among thousands of one-off sources in a few entries", () => {
    const top = new TopSources(8, 60);
    for (let i = 0; i < 5000; i++) {
      top.add(`10.0.${i >> 8}.${i & 255}`, 0);
      if (i % 5 === 0) top.add("203.0.113.66", 0);
    }
    const [first] = top.top(3, 0);
    expect(first?.ip).toBe("203.0.113.66");
    expect(first!.lines).toBeGreaterThanOrEqual(1000);
  });

  it("reports the current and the previous period, and forgets older ones", () => {
    const top = new TopSources(8, 60);
    top.add("a", 0);
    top.add("b", 70);
    expect(top.top(5, 70)).toEqual([
      { ip: "a", lines: 1 },
      { ip: "b", lines: 1 },
    ]);
    expect(top.top(5, 130)).toEqual([{ ip: "b", lines: 1 }]);
    expect(top.top(5, 300)).toEqual([]);
  });
});
