import { describe, expect, it } from "vitest";
import {
  createSetArgv,
  failedRestoreLine,
  ipsetNames,
  parseIpsetHeader,
  parseIpsetSave,
  restoreScript,
} from "../../../../detector/enforce/ipset-commands";

const names = ipsetNames("sd");

describe("ipset commands", () => {
  it("creates hash:net sets with per-entry timeouts, counters and the configured capacity", () => {
    expect(createSetArgv("sd-v4", 4, 1_048_576).join(" ")).toBe(
      "ipset create sd-v4 hash:net family inet hashsize 16384 maxelem 1048576 timeout 0 counters -exist",
    );
    expect(createSetArgv("sd-v6", 6, 4096).join(" ")).toBe(
      "ipset create sd-v6 hash:net family inet6 hashsize 1024 maxelem 4096 timeout 0 counters -exist",
    );
  });

  it("writes one restore script per batch: removals first, exceptions as nomatch with the ban's timeout, permanent as timeout 0", () => {
    const lines = restoreScript(
      names,
      [
        { key: "203.0.113.9", family: 4, timeoutSeconds: 599.2, except: [] },
        { key: "2001:db8:1:2::/64", family: 6, timeoutSeconds: null, except: ["2001:db8:1:2::5"] },
        { key: "198.51.100.0/24", family: 4, timeoutSeconds: 9_999_999, except: [] },
      ],
      [{ key: "192.0.2.7", family: 4, except: [] }],
    );
    expect(lines.map((l) => l.text)).toEqual([
      "del sd-v4 192.0.2.7",
      "add sd-v4 203.0.113.9 timeout 600",
      "add sd-v6 2001:db8:1:2::/64 timeout 0",
      "add sd-v6 2001:db8:1:2::5 timeout 0 nomatch",
      "add sd-v4 198.51.100.0/24 timeout 2147483",
    ]);
    expect(lines[3]).toMatchObject({ key: "2001:db8:1:2::/64", set: "sd-v6", op: "add" });
  });

  it("reads `ipset save` back: canonical keys, seconds left, permanent as null, packets, exceptions left out", () => {
    const saved = [
      "create sd-v6 hash:net family inet6 hashsize 1024 maxelem 65536 timeout 0 counters",
      "add sd-v6 2001:db8:1:2::/64 timeout 29 packets 12 bytes 720",
      "add sd-v6 2001:db8:1:2::5 timeout 29 nomatch packets 0 bytes 0",
      "add sd-v6 2001:DB8::0:1 timeout 0 packets 0 bytes 0",
    ].join("\n");
    expect(parseIpsetSave(saved, 6)).toEqual([
      { key: "2001:db8:1:2::/64", family: 6, timeoutSeconds: 29, packets: 12 },
      { key: "2001:db8::1", family: 6, timeoutSeconds: null, packets: 0 },
    ]);
  });

  it("reads the fill level from the set's header", () => {
    const header =
      "Name: sd-v4\nType: hash:net\nHeader: family inet hashsize 1024 maxelem 1048576 timeout 0 counters\nNumber of entries: 3\n";
    expect(parseIpsetHeader(header)).toEqual({ entries: 3, maxElements: 1_048_576 });
    expect(parseIpsetHeader("nonsense")).toBeUndefined();
  });

  it("finds the refused line in a failed restore", () => {
    expect(
      failedRestoreLine("ipset v7.17: Error in line 3: Hash is full, cannot add more elements"),
    ).toEqual({
      line: 3,
      reason: "Hash is full, cannot add more elements",
    });
    expect(
      failedRestoreLine("ipset v7.17: Kernel error received: Operation not permitted"),
    ).toBeUndefined();
  });
});
