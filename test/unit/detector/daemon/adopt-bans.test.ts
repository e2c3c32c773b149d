import { describe, expect, it } from "vitest";
import { adoptUnknownBans, keepUnknownBans } from "../../../../detector/daemon/adopt-bans";
import { wantedBans } from "../../../../detector/daemon/enforcement-setup";
import { BanLedger } from "../../../../detector/decide/ban-ledger";
import type { EnforcedBan, Enforcer } from "../../../../detector/enforce/enforcer";
import { reconcile } from "../../../../detector/enforce/reconcile";
import { settings } from "../../../kit/detector/lines";

const NOW = 1_800_000_000_000;
const KERNEL: EnforcedBan[] = [
  { key: "203.0.113.4", family: 4, timeoutSeconds: null },
  { key: "2001:db8:9:9::/64", family: 6, timeoutSeconds: 540 },
];
const nothing = () => false;

function holding(...lists: EnforcedBan[][]): { enforcers: Enforcer[] } {
  return { enforcers: lists.map((list) => ({ list: () => Promise.resolve(list) }) as Enforcer) };
}

describe("keeping the bans a lost or stale bans.json does not hold", () => {
  it("takes every unknown ban with its time left; permanent stays permanent past the last step", () => {
    expect(adoptUnknownBans(KERNEL, nothing, nothing, NOW, 3)).toEqual([
      {
        ip: "203.0.113.4",
        family: 4,
        prefix: 32,
        step: 4,
        lastOffenceMs: NOW,
        bannedAtMs: NOW,
        untilMs: null,
        releasedMs: 0,
      },
      {
        ip: "2001:db8:9:9::/64",
        family: 6,
        prefix: 64,
        step: 1,
        lastOffenceMs: NOW,
        bannedAtMs: NOW,
        untilMs: NOW + 540_000,
        releasedMs: 0,
      },
    ]);
  });

  it("leaves alone what the ledger knows, the self-test's addresses, and keys it cannot parse", () => {
    const held: EnforcedBan[] = [
      ...KERNEL,
      { key: "192.0.2.77", family: 4, timeoutSeconds: 10 },
      { key: "not-an-address", family: 4, timeoutSeconds: 10 },
    ];
    const adopted = adoptUnknownBans(
      held,
      (key) => key === "203.0.113.4",
      (key) => key.startsWith("192.0.2."),
      NOW,
      3,
    );
    expect(adopted.map((o) => o.ip)).toEqual(["2001:db8:9:9::/64"]);
  });

  it("keeps the longest time any backend has left for a key", () => {
    const adopted = adoptUnknownBans(
      [
        { key: "203.0.113.9", family: 4, timeoutSeconds: 60 },
        { key: "203.0.113.9", family: 4, timeoutSeconds: 600 },
        { key: "203.0.113.9", family: 4, timeoutSeconds: 300 },
      ],
      nothing,
      nothing,
      NOW,
      3,
    );
    expect(adopted.map((o) => o.untilMs)).toEqual([NOW + 600_000]);
  });

  it("after an unreadable bans.json, the start-up reconciliation removes no kernel ban", async () => {
    const ledger = new BanLedger(settings().bans);
    ledger.load(undefined); // what a truncated bans.json restores
    const unaware = reconcile(
      wantedBans(ledger, () => []),
      KERNEL,
      NOW,
    );
    expect(unaware.remove.map((r) => r.key)).toEqual(["203.0.113.4", "2001:db8:9:9::/64"]);

    const adopted = await keepUnknownBans(holding(KERNEL, []), ledger, nothing, NOW, 3);
    expect(adopted).toHaveLength(2);
    expect(
      reconcile(
        wantedBans(ledger, () => []),
        KERNEL,
        NOW,
      ),
    ).toEqual({ add: [], remove: [] });
    expect(ledger.active).toBe(2);
    expect(ledger.save()).toContainEqual(
      expect.objectContaining({ ip: "203.0.113.4", untilMs: null }),
    );
  });

  it("still ends a ban the ledger knows was lifted", async () => {
    const ledger = new BanLedger(settings().bans);
    ledger.ban("203.0.113.4", 4, 32, NOW - 1000);
    ledger.lift("203.0.113.4", NOW);
    expect(await keepUnknownBans(holding(KERNEL.slice(0, 1)), ledger, nothing, NOW, 3)).toEqual([]);
    expect(
      reconcile(
        wantedBans(ledger, () => []),
        KERNEL.slice(0, 1),
        NOW,
      ).remove,
    ).toEqual([{ key: "203.0.113.4", family: 4, except: [] }]);
  });
});
