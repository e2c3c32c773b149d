import { describe, expect, it } from "vitest";
import {
  firewallCommandsHaveDelete,
  firewallTool,
} from "../../../../policies/crossguard/firewall-commands";
import { ResourceType } from "../../../../policies/crossguard/lib/resource-types";
import { Unknown, violations } from "../kit";

const command = (props: object, type: string = ResourceType.RemoteCommand) => ({
  type,
  name: "ban-set",
  props,
});

describe("firewall-commands-have-delete", () => {
  it.each([
    ["ipset", "ipset create swiftdeploy-ban hash:ip timeout 3600 -exist"],
    ["iptables", "sudo iptables -I DOCKER-USER -m set --match-set swiftdeploy-ban src -j DROP"],
    ["nft", "set -e; nft add table inet swiftdeploy"],
    ["ip6tables", "/usr/sbin/ip6tables -I INPUT -j DROP"],
  ])("flags a create running %s without a delete", async (tool, create) => {
    expect(await violations(firewallCommandsHaveDelete, command({ create }))).toEqual([
      `command "ban-set" runs ${tool} on create, so it must have a \`delete\` command that removes those rules and sets; otherwise \`pulumi destroy\` leaves them behind.`,
    ]);
  });

  it("flags a blank delete as missing", async () => {
    expect(
      await violations(
        firewallCommandsHaveDelete,
        command({ create: "ipset create s hash:ip", delete: "  " }),
      ),
    ).toHaveLength(1);
  });

  it("applies to local commands too", async () => {
    expect(
      await violations(
        firewallCommandsHaveDelete,
        command({ create: "nft flush ruleset" }, ResourceType.LocalCommand),
      ),
    ).toHaveLength(1);
  });

  it("accepts a firewall create with a delete", async () => {
    const props = { create: "ipset create s hash:ip -exist", delete: "ipset destroy s" };
    expect(await violations(firewallCommandsHaveDelete, command(props))).toEqual([]);
  });

  it.each([
    "systemctl restart swiftdeploy-detector",
    "echo iptables-free",
    "cat /etc/nftables.conf",
  ])("leaves %s alone", async (create) => {
    expect(await violations(firewallCommandsHaveDelete, command({ create }))).toEqual([]);
  });

  it("stays quiet while create is unknown at preview", async () => {
    expect(
      await violations(firewallCommandsHaveDelete, command({ create: Unknown.string })),
    ).toEqual([]);
  });

  it("finds the tool after a path or a pipe", () => {
    expect(firewallTool("x | /sbin/ipset add s 1.2.3.4")).toBe("ipset");
  });
});
