import { describe, expect, it } from "vitest";
import { RecentSources } from "../../../../detector/rules/recent-sources";

const add = (r: RecentSources, ip: string) => {
  const b = Buffer.from(ip);
  r.add(b, 0, b.length);
};

describe("RecentSources", () => {
  it("tallies who sent the latest lines, unreadable ones as unknown, busiest first", () => {
    const r = new RecentSources(8);
    for (const ip of ["a", "203.0.113.66", "", "203.0.113.66", "b", "203.0.113.66"]) add(r, ip);
    expect(r.top(3)).toEqual([
      { ip: "203.0.113.66", lines: 3 },
      { ip: "a", lines: 1 },
      { ip: "b", lines: 1 },
    ]);
    expect(r.top(5)).toContainEqual({ ip: "unknown", lines: 1 });
  });

  it("keeps only the latest `size` lines, however many sources there were", () => {
    const r = new RecentSources(4);
    for (let i = 0; i < 5000; i++) add(r, `10.0.${i >> 8}.${i & 255}`);
    for (let i = 0; i < 3; i++) add(r, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    expect(r.top(2)).toEqual([
      { ip: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", lines: 3 },
      { ip: "10.0.19.135", lines: 1 },
    ]);
  });
});
