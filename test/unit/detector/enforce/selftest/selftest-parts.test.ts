import { describe, expect, it } from "vitest";
import { canCreateNamespaces } from "../../../../../detector/enforce/selftest/capabilities";
import { parseDockerNat } from "../../../../../detector/enforce/selftest/docker-ports";
import { namespaceCommands } from "../../../../../detector/enforce/selftest/test-namespace";

describe("self-test parts", () => {
  it("finds Docker's published TCP ports and their addresses, leaving loopback-only ones out", () => {
    const nat = [
      "-N DOCKER",
      "-A DOCKER -i docker0 -j RETURN",
      "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80",
      "-A DOCKER -d 198.18.7.7/32 ! -i docker0 -p tcp -m tcp --dport 19000 -j DNAT --to-destination 172.17.0.3:8080",
      "-A DOCKER -d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 5432 -j DNAT --to-destination 172.17.0.4:5432",
      "-A DOCKER ! -i docker0 -p udp -m udp --dport 53 -j DNAT --to-destination 172.17.0.5:53",
    ].join("\n");
    expect(parseDockerNat(nat)).toEqual([{ port: 8080 }, { port: 19000, address: "198.18.7.7" }]);
  });

  it("knows whether this process may create a network namespace (CAP_SYS_ADMIN in effect)", () => {
    expect(canCreateNamespaces("Name:\tnode\nCapEff:\t000001ffffffffff\n")).toBe(true);
    expect(canCreateNamespaces("Name:\tnode\nCapEff:\t0000000000003000\n")).toBe(false);
  });

  it("builds its namespace with exactly these ip commands", () => {
    const ns = {
      name: "sd-selftest-abc",
      hostIf: "sdstabch",
      hostIp: "198.18.255.253",
      nsIp: "198.18.255.254",
    };
    expect(namespaceCommands(ns, "sdstabcn").map((a) => a.join(" "))).toEqual([
      "ip netns add sd-selftest-abc",
      "ip link add sdstabch type veth peer name sdstabcn",
      "ip link set sdstabcn netns sd-selftest-abc",
      "ip addr add 198.18.255.253/30 dev sdstabch",
      "ip link set sdstabch up",
      "ip netns exec sd-selftest-abc ip addr add 198.18.255.254/30 dev sdstabcn",
      "ip netns exec sd-selftest-abc ip link set sdstabcn up",
      "ip netns exec sd-selftest-abc ip link set lo up",
      "ip netns exec sd-selftest-abc ip route add default via 198.18.255.253",
    ]);
  });
});
