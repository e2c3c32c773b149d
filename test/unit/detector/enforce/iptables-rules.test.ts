import { describe, expect, it } from "vitest";
import {
  checkArgv,
  deleteTaggedArgv,
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
