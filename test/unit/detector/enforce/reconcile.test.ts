import { describe, expect, it } from "vitest";
import { reconcile, type WantedBan } from "../../../../detector/enforce/reconcile";

const NOW = 1_000_000;
const wanted = (entries: [string, WantedBan][]) => new Map(entries);

describe("reconciling a backend with the ban ledger", () => {
  it("adds what is missing with the time left and removes what the ledger no longer holds", () => {
    const batch = reconcile(
      wanted([
        ["203.0.113.1", { family: 4, untilMs: NOW + 300_000, except: [] }],
        ["2001:db8::/64", { family: 6, untilMs: null, except: ["2001:db8::5"] }],
      ]),
      [{ key: "192.0.2.9", family: 4, timeoutSeconds: 40 }],
      NOW,
    );
    expect(batch).toEqual({
      add: [
        { key: "203.0.113.1", family: 4, timeoutSeconds: 300, except: [] },
        { key: "2001:db8::/64", family: 6, timeoutSeconds: null, except: ["2001:db8::5"] },
      ],
      remove: [{ key: "192.0.2.9", family: 4, except: [] }],
    });
  });

  it("changes nothing when the backend already holds exactly the ledger's bans (nothing added twice)", () => {
    const batch = reconcile(
      wanted([["203.0.113.1", { family: 4, untilMs: NOW + 300_000, except: [] }]]),
      [{ key: "203.0.113.1", family: 4, timeoutSeconds: 298 }],
      NOW,
    );
    expect(batch).toEqual({ add: [], remove: [] });
  });

  it("refreshes a timeout that drifted, and a permanent ban the kernel holds with a timeout", () => {
    const batch = reconcile(
      wanted([
        ["203.0.113.1", { family: 4, untilMs: NOW + 300_000, except: [] }],
        ["203.0.113.2", { family: 4, untilMs: null, except: [] }],
      ]),
      [
        { key: "203.0.113.1", family: 4, timeoutSeconds: 30 },
        { key: "203.0.113.2", family: 4, timeoutSeconds: 500 },
      ],
      NOW,
    );
    expect(batch.add.map((a) => [a.key, a.timeoutSeconds])).toEqual([
      ["203.0.113.1", 300],
      ["203.0.113.2", null],
    ]);
  });

  it("neither adds nor keeps a ban that is already due, and leaves ignored keys alone", () => {
    const batch = reconcile(
      wanted([["203.0.113.1", { family: 4, untilMs: NOW - 1, except: [] }]]),
      [
        { key: "203.0.113.1", family: 4, timeoutSeconds: 3 },
        { key: "198.18.255.254", family: 4, timeoutSeconds: 100 },
      ],
      NOW,
      { ignore: (k) => k.startsWith("198.18.") },
    );
    expect(batch).toEqual({ add: [], remove: [{ key: "203.0.113.1", family: 4, except: [] }] });
  });

  it("does not ask for more than ipset can hold for a very long ban", () => {
    const batch = reconcile(
      wanted([["203.0.113.1", { family: 4, untilMs: NOW + 60 * 86_400_000, except: [] }]]),
      [{ key: "203.0.113.1", family: 4, timeoutSeconds: 2_147_480 }],
      NOW,
    );
    expect(batch.add).toEqual([]);
  });
});
