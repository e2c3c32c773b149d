import { describe, expect, it } from "vitest";
import { OwnHistory } from "../../../../detector/baseline/own-history";

const OPTIONS = { minSnapshots: 3, memorySnapshots: 4, maxClients: 3 };

describe("OwnHistory", () => {
  it("says nothing about a client until it has minSnapshots, then gives its mean and stddev", () => {
    const h = new OwnHistory(OPTIONS);
    h.record(1, 1, 60);
    h.record(1, 2, 120);
    expect(h.stats(1)).toBeUndefined();
    expect(h.stats(2)).toBeUndefined();
    h.record(1, 3, 180);
    const stats = h.stats(1)!;
    expect(stats.mean).toBeCloseTo(2, 12);
    expect(stats.stddev).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(stats).toMatchObject({ samples: 3, source: "own" });
  });

  it("weighs the latest memorySnapshots: a client that changes for good is followed, not averaged forever", () => {
    const h = new OwnHistory({ ...OPTIONS, memorySnapshots: 10 });
    for (let k = 0; k < 100; k++) h.record(7, 1, k * 60);
    expect(h.stats(7)!.mean).toBeCloseTo(1, 12);
    for (let k = 100; k < 130; k++) h.record(7, 5, k * 60);
    // 30 snapshots at weight 1/10 leave 0.9^30 ≈ 4 % of the old level.
    expect(h.stats(7)!.mean).toBeCloseTo(5 - 4 * 0.9 ** 30, 9);
  });

  it("forgets the longest unseen client when full; a client seen again is kept", () => {
    const h = new OwnHistory({ ...OPTIONS, minSnapshots: 1 });
    h.record(1, 1, 0);
    h.record("b", 1, 10);
    h.record(3, 1, 20);
    h.record(1, 1, 30);
    h.record(4, 1, 40);
    expect(h.size).toBe(3);
    expect(h.stats("b")).toBeUndefined();
    expect([1, 3, 4].map((k) => h.stats(k)?.samples)).toEqual([2, 1, 1]);
  });

  it("when full, forgets the longest unseen eighth in one go", () => {
    const h = new OwnHistory({ ...OPTIONS, minSnapshots: 1, maxClients: 16 });
    for (let k = 0; k < 16; k++) h.record(k, 1, k);
    h.record(100, 1, 100);
    expect(h.size).toBe(15);
    expect([0, 1, 2].map((k) => h.stats(k) !== undefined)).toEqual([false, false, true]);
  });

  it("restores what it saved and skips malformed rows", () => {
    const a = new OwnHistory(OPTIONS);
    for (let k = 0; k < 5; k++) a.record(9, k, k * 60);
    const b = new OwnHistory(OPTIONS);
    b.load([
      ["bad"],
      [10, 5, -1, 0, 0],
      [11, 5, 1, Number.NaN, 0],
      [{}, 5, 1, 1, 0],
      ...(JSON.parse(JSON.stringify(a.toJSON())) as unknown[]),
    ]);
    expect(b.size).toBe(1);
    expect(b.stats(9)).toEqual(a.stats(9));
    b.load("not a history");
    expect(b.size).toBe(1);
  });
});
