import { describe, expect, it } from "vitest";
import {
  checkArgv,
  deleteTaggedArgv,
  inputTargets,
  insertArgv,
  ruleTag,
} from "../../../../detector/enforce/iptables-rules";

const tag = ruleTag("sd");

describe("iptables rules", () => {
  it("drops every packet from the set's sources, first in the chain, tagged", () => {
    const target = { binary: "iptables" as const, chain: "DOCKER-USER", set: "sd-v4", ports: [] };
    expect(insertArgv(target, tag).join(" ")).toBe(
      "iptables -w -I DOCKER-USER 1 -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP",
    );
    expect(checkArgv(target, tag).join(" ")).toBe(
      "iptables -w -C DOCKER-USER -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP",
    );
  });

  it("limits INPUT to the configured TCP ports when asked", () => {
    const target = { binary: "ip6tables" as const, chain: "INPUT", set: "sd-v6", ports: [80, 443] };
    expect(insertArgv(target, tag).join(" ")).toBe(
      "ip6tables -w -I INPUT 1 -m set --match-set sd-v6 src -p tcp -m multiport --dports 80,443 -m comment --comment swiftdeploy-detector:sd -j DROP",
    );
  });

  it("keeps the SSH port open to a banned source on INPUT: TCP to other ports and all non-TCP dropped", () => {
    const lines = inputTargets("iptables", "sd-v4", [], [22, 2222]).map((t) =>
      insertArgv(t, tag).join(" "),
    );
    expect(lines).toEqual([
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src -p tcp -m multiport ! --dports 22,2222 -m comment --comment swiftdeploy-detector:sd -j DROP",
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src ! -p tcp -m comment --comment swiftdeploy-detector:sd -j DROP",
    ]);
  });

  it.each([
    ["no exemption: one rule for every port", [], [], [[]]],
    ["listed ports: the exempt ones left out", [22, 80, 443], [22], [[80, 443]]],
    ["only exempt ports listed: no INPUT rule", [22], [22], []],
  ])("builds INPUT targets with %s", (_what, only, exempt, ports) => {
    expect(inputTargets("iptables", "sd-v4", only, exempt).map((t) => t.ports)).toEqual(ports);
  });

  it("deletes every rule carrying the tag, whatever its match, and nothing else", () => {
    const listing = [
      "-N DOCKER-USER",
      "-A DOCKER-USER -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP",
      '-A DOCKER-USER -m set --match-set old-v4 src -p tcp -m multiport --dports 80 -m comment --comment "swiftdeploy-detector:sd" -j DROP',
      "-A DOCKER-USER -m comment --comment swiftdeploy-detector:other -j DROP",
      "-A DOCKER-USER -j RETURN",
    ].join("\n");
    expect(deleteTaggedArgv("iptables", listing, tag).map((a) => a.join(" "))).toEqual([
      "iptables -w -D DOCKER-USER -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP",
      "iptables -w -D DOCKER-USER -m set --match-set old-v4 src -p tcp -m multiport --dports 80 -m comment --comment swiftdeploy-detector:sd -j DROP",
    ]);
  });
});
