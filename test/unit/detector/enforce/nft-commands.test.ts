import { describe, expect, it } from "vitest";
import { applyNftChanges, planNftChanges } from "../../../../detector/enforce/nft-plan";
import {
  nftBatchScript,
  nftSetupScript,
  parseNftSet,
} from "../../../../detector/enforce/nft-commands";

describe("nftables commands", () => {
  it("builds a table of its own whose forward and input chains drop banned sources ahead of Docker's filter", () => {
    const script = nftSetupScript({
      table: "sd",
      maxElements: 1000,
      ipv6: false,
      forward: true,
      input: true,
      inputPorts: [443],
      inputExemptPorts: [],
      tag: "swiftdeploy-detector:sd",
    });
    expect(script.split("\n")).toEqual([
      "add table inet sd",
      "add set inet sd v4 { type ipv4_addr; flags interval, timeout; size 1000; }",
      "add set inet sd v4x { type ipv4_addr; flags interval, timeout; size 65536; }",
      "add chain inet sd forward { type filter hook forward priority filter - 10; policy accept; }",
      "flush chain inet sd forward",
      "add rule inet sd forward ip saddr @v4x return",
      'add rule inet sd forward ip saddr @v4 counter drop comment "swiftdeploy-detector:sd"',
      "add chain inet sd input { type filter hook input priority filter - 10; policy accept; }",
      "flush chain inet sd input",
      "add rule inet sd input ip saddr @v4x return",
      'add rule inet sd input tcp dport { 443 } ip saddr @v4 counter drop comment "swiftdeploy-detector:sd"',
      "",
    ]);
  });

  it("lets a banned source reach the SSH port on the input hook, and nothing else", () => {
    const layout = {
      table: "sd",
      maxElements: 1000,
      ipv6: false,
      forward: false,
      input: true,
      inputPorts: [],
      inputExemptPorts: [22],
      tag: "swiftdeploy-detector:sd",
    };
    expect(nftSetupScript(layout).split("\n").slice(-4)).toEqual([
      "add rule inet sd input tcp dport { 22 } return",
      "add rule inet sd input ip saddr @v4x return",
      'add rule inet sd input ip saddr @v4 counter drop comment "swiftdeploy-detector:sd"',
      "",
    ]);
    const onlySsh = nftSetupScript({ ...layout, inputPorts: [22, 443] }).split("\n");
    expect(onlySsh.filter((l) => l.includes("drop"))).toEqual([
      'add rule inet sd input tcp dport { 443 } ip saddr @v4 counter drop comment "swiftdeploy-detector:sd"',
    ]);
    const nothingLeft = nftSetupScript({ ...layout, inputPorts: [22] }).split("\n");
    expect(nothingLeft.filter((l) => l.startsWith("add rule"))).toEqual([]);
  });

  it("deletes only what the sets hold and re-adds to refresh timeouts, in two statements per set", () => {
    const contents = new Map([
      ["v4", new Set(["192.0.2.1"])],
      ["v6", new Set(["2001:db8:1:2::/64"])],
    ]);
    const changes = planNftChanges(
      {
        add: [
          {
            key: "2001:db8:1:2::/64",
            family: 6,
            timeoutSeconds: 599.5,
            except: ["2001:db8:1:2::5"],
          },
          { key: "203.0.113.9", family: 4, timeoutSeconds: null, except: [] },
        ],
        remove: [
          { key: "192.0.2.1", family: 4, except: [] },
          { key: "192.0.2.2", family: 4, except: [] },
        ],
      },
      contents,
    );
    expect(nftBatchScript("sd", changes).split("\n")).toEqual([
      "delete element inet sd v4 { 192.0.2.1 }",
      "delete element inet sd v6 { 2001:db8:1:2::/64 }",
      "add element inet sd v4 { 203.0.113.9 }",
      "add element inet sd v6 { 2001:db8:1:2::/64 timeout 600s }",
      "add element inet sd v6x { 2001:db8:1:2::5 timeout 600s }",
      "",
    ]);
    applyNftChanges(contents, changes);
    expect([...contents].map(([k, v]) => [k, [...v]])).toEqual([
      ["v4", ["203.0.113.9"]],
      ["v6", ["2001:db8:1:2::/64"]],
      ["v6x", ["2001:db8:1:2::5"]],
    ]);
  });

  it("reads a set listing: addresses, prefixes, seconds left, permanent elements", () => {
    const json = JSON.stringify({
      nftables: [
        { metainfo: { version: "1.0.6" } },
        {
          set: {
            family: "inet",
            name: "v4",
            table: "sd",
            size: 1048576,
            elem: [
              "10.8.0.1",
              {
                elem: { val: { prefix: { addr: "10.9.0.0", len: 24 } }, timeout: 100, expires: 99 },
              },
            ],
          },
        },
      ],
    });
    expect(parseNftSet(json, 4)).toEqual({
      size: 1048576,
      bans: [
        { key: "10.8.0.1", family: 4, timeoutSeconds: null },
        { key: "10.9.0.0/24", family: 4, timeoutSeconds: 99 },
      ],
    });
  });
});
