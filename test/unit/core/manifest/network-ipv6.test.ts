import { describe, expect, it } from "vitest";
import { applyOverrides, parseManifest } from "../../../../core/manifest";
import { MINIMAL_YAML, problemsOf } from "../../../kit/manifest";

const withTail = (tail: string) => `${MINIMAL_YAML}${tail}`;

describe("network.ipv6 in the manifest", () => {
  it("is off by default, with a ULA /64 for the edge network", () => {
    expect(parseManifest(MINIMAL_YAML, "manifest.yaml").network.ipv6).toEqual({
      enabled: false,
      subnet: "fd5d:5d00:ed9e::/64",
    });
  });

  it("refuses an IPv6 bind address without it: Docker's proxy would log every IPv6 client as the gateway", () => {
    expect(problemsOf(withTail('proxy:\n  bindAddress: "::"\n'))).toEqual([
      "manifest.yaml:8:16 proxy.bindAddress: expected an IPv4 address while network.ipv6.enabled is false (on an IPv6 address Docker's proxy would hand Nginx every IPv6 client as the edge network's gateway, which the detector cannot ban): set network.ipv6.enabled: true, found \"::\"",
    ]);
    expect(
      parseManifest(
        withTail('proxy:\n  bindAddress: "::"\nnetwork:\n  ipv6: { enabled: true }\n'),
        "manifest.yaml",
      ).proxy.bindAddress,
    ).toBe("::");
  });

  it("takes an IPv6 subnet from /16 to /64 only", () => {
    for (const subnet of ["fd00::/72", "10.0.0.0/24", "fd00::1"])
      expect(
        problemsOf(withTail(`network:\n  ipv6: { enabled: true, subnet: "${subnet}" }\n`)),
      ).toEqual([
        expect.stringContaining(
          `network.ipv6.subnet: expected an IPv6 CIDR from /16 to /64 like "fd5d:5d00:ed9e::/64", found "${subnet}"`,
        ),
      ]);
  });

  it("can be switched on per stack by an override", () => {
    const manifest = applyOverrides(parseManifest(MINIMAL_YAML, "manifest.yaml"), {
      "network.ipv6.enabled": "true",
      "network.ipv6.subnet": "fd00:1:2::/64",
    });
    expect(manifest.network.ipv6).toEqual({ enabled: true, subnet: "fd00:1:2::/64" });
  });
});
