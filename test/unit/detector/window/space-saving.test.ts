import { describe, expect, it } from "vitest";
import { SpaceSaving } from "../../../../detector/window/space-saving";

describe("SpaceSaving (heavy-hitter sketch)", () => {
  it("counts exactly while it has free counters", () => {
    const s = new SpaceSaving(4);
    expect(s.add(1, 32)).toBe(1);
    expect(s.add("a", 64)).toBe(1);
    expect(s.add(1, 32)).toBe(2);
    expect(s.top(5)).toEqual([
      { id: 1, tag: 32, count: 2, error: 0 },
      { id: "a", tag: 64, count: 1, error: 0 },
    ]);
  });

  it("keeps every id seen more than N/capacity times among 10,000 one-off ids, with a true lower bound", () => {
    const s = new SpaceSaving(64);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) {
      s.add(1_000_000 + i, 32);
      if (i % 20 === 0) heavy = s.add(7, 32); // 500 times: above 10,500 / 64 ≈ 164
    }
    const [top] = s.top(1);
    expect(top!.id).toBe(7);
    expect(top!.count).toBeGreaterThanOrEqual(500);
    expect(top!.count - top!.error).toBeLessThanOrEqual(500);
    expect(heavy).toBe(top!.count - top!.error);
    expect(s.size).toBe(64);
  });

  it("reports for a new id only what it saw since taking over a counter (its count minus the inherited error)", () => {
    const s = new SpaceSaving(2);
    s.add(1, 32);
    s.add(1, 32);
    s.add(2, 32);
    expect(s.add(3, 32)).toBe(1); // took 2's counter (count 1): count 2, error 1
    expect(s.top(3)).toEqual([
      { id: 1, tag: 32, count: 2, error: 0 },
      { id: 3, tag: 32, count: 2, error: 1 },
    ]);
  });

  it("forgets an id so its counter is the next one taken, and clears for a new epoch", () => {
    const s = new SpaceSaving(2);
    s.add(1, 32);
    s.add(1, 32);
    s.add(2, 32);
    s.add(2, 32);
    s.add(2, 32);
    s.forget(2);
    expect(s.add(9, 32)).toBe(1);
    expect(s.top(2).map((h) => [h.id, h.count, h.error])).toEqual([
      [1, 2, 0],
      [9, 1, 0],
    ]);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.top(2)).toEqual([]);
    expect(s.add(1, 32)).toBe(1);
  });
});
