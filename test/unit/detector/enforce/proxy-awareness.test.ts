import { describe, expect, it } from "vitest";
import {
  DetectorSettingsSchema,
  type DetectorSettingsInput,
} from "../../../../core/detector-settings";
import type { BanDecision } from "../../../../detector/decide/decision";
import { routeBan } from "../../../../detector/enforce/ban-route";
import { enforcementPlan } from "../../../../detector/enforce/enforcement-plan";

const plan = (s: DetectorSettingsInput) => enforcementPlan(DetectorSettingsSchema.parse(s));

function ban(ip: string, samples: string[]): BanDecision {
  return { type: "ban", ip, evidence: { samples } } as unknown as BanDecision;
}

describe("the enforcement plan refuses bans a client could forge", () => {
  it("firewall-bans the connecting peer by default", () => {
    expect(plan({})).toEqual({ kernel: "ipset", nginxDeny: false, warnings: [] });
    expect(plan({ enforcement: { backend: "nftables" } }).kernel).toBe("nftables");
  });

  it("refuses to start banning forwarded addresses when Nginx trusts no listed proxy", () => {
    expect(() => plan({ clientAddressSource: "forwarded" })).toThrow(
      "refusing to ban: clientAddressSource is forwarded but trustedProxies is empty, so any client can forge the address it would be banned as",
    );
  });

  it("detects in a dry run even then, and says so", () => {
    expect(plan({ clientAddressSource: "forwarded", dryRun: true })).toEqual({
      kernel: "dry-run",
      nginxDeny: false,
      warnings: [
        "forwarded client addresses without trusted proxies: dry run only",
        "dry run: no firewall change is made",
      ],
    });
  });

  it("refuses trusted proxies with clientAddressSource peer (source_ip would not be the peer)", () => {
    expect(() => plan({ trustedProxies: ["10.0.0.0/8"] })).toThrow(
      "set clientAddressSource: forwarded",
    );
  });

  it("needs the Nginx deny list for forwarded clients, then bans through it", () => {
    expect(() =>
      plan({ clientAddressSource: "forwarded", trustedProxies: ["10.0.0.0/8"] }),
    ).toThrow("set enforcement.nginxDenyList.path");
    expect(
      plan({
        clientAddressSource: "forwarded",
        trustedProxies: ["10.0.0.0/8"],
        enforcement: { nginxDenyList: { path: "/etc/swiftdeploy/svc/nginx/deny.conf" } },
      }),
    ).toEqual({ kernel: "ipset", nginxDeny: true, warnings: [] });
  });
});

describe("routing a ban when client addresses come through proxies", () => {
  const direct = '{"source_ip":"203.0.113.9","peer_ip":"203.0.113.9","status":200,"xff":""}';
  const proxied =
    '{"source_ip":"203.0.113.9","peer_ip":"10.0.0.2","status":200,"xff":"203.0.113.9, 10.0.0.2"}';
  const selfNamed =
    '{"source_ip":"203.0.113.9","peer_ip":"203.0.113.9","status":200,"xff":"203.0.113.9"}';

  it("puts every ban in the kernel when clients connect directly", () => {
    expect(routeBan(ban("203.0.113.9", [proxied]), false)).toEqual({ kernel: true, nginx: false });
  });

  it("denies in Nginx always, and in the kernel only when every sample's peer is the client itself", () => {
    expect(routeBan(ban("203.0.113.9", [direct, direct]), true)).toEqual({
      kernel: true,
      nginx: true,
    });
    expect(routeBan(ban("203.0.113.9", [direct, proxied]), true)).toEqual({
      kernel: false,
      nginx: true,
    });
  });

  it("ignores what the client wrote into X-Forwarded-For (naming itself opts no one out)", () => {
    expect(routeBan(ban("203.0.113.9", [selfNamed, selfNamed]), true)).toEqual({
      kernel: true,
      nginx: true,
    });
  });

  it("treats a sample without peer_ip (an older log format) as forwarded: never a kernel ban on doubt", () => {
    expect(
      routeBan(ban("203.0.113.9", ['{"source_ip":"203.0.113.9","xff":"","status":200}']), true),
    ).toEqual({ kernel: false, nginx: true });
  });

  it("matches peers inside a banned IPv6 prefix", () => {
    const v6 = '{"source_ip":"2001:db8:1:2::77","peer_ip":"2001:db8:1:2::77"}';
    const v6proxied = '{"source_ip":"2001:db8:1:2::77","peer_ip":"2001:db8:ffff::1"}';
    expect(routeBan(ban("2001:db8:1:2::/64", [v6]), true)).toEqual({ kernel: true, nginx: true });
    expect(routeBan(ban("2001:db8:1:2::/64", [v6proxied]), true)).toEqual({
      kernel: false,
      nginx: true,
    });
  });
});
