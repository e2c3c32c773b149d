import { describe, expect, it } from "vitest";
import type { SwiftDeployError } from "../../../core/errors";
import { checkHostIpv6, DOCKER_IP6TABLES_CHECK } from "../../../components/host-ipv6";
import type { PreflightSession } from "../../../components/host-preflight";
import { hostPaths } from "../../../components/naming";
import { networkSpecs } from "../../../components/private-network";
import {
  proxyConfig,
  proxyContainerArgs,
  publishAddresses,
} from "../../../components/render/proxy-container";
import { blockLines } from "../../kit/nginx/config-lines";
import { manifestWith } from "../../kit/manifest";

const ipv6On = { network: { ipv6: { enabled: true } } } as const;
const target = { host: "203.0.113.10", port: 22, user: "root", privateKey: "k" };

/** A host whose commands fail with `stderr` when given, recording what ran. */
function hostTwin(stderr?: string) {
  const ran: string[] = [];
  let closed = false;
  const session: PreflightSession = {
    exec: async (command) => {
      ran.push(command);
      if (stderr !== undefined) throw new Error(`\`${command}\` exited 1: ${stderr}`);
      return "";
    },
    close: () => {
      closed = true;
    },
  };
  return { ran, closed: () => closed, connect: async () => session };
}

describe("IPv6 clients (network.ipv6)", () => {
  it("are off by default: one IPv4 publish, no IPv6 on the edge network, no [::] listener", () => {
    const manifest = manifestWith({});
    expect(publishAddresses(manifest)).toEqual(["0.0.0.0"]);
    expect(networkSpecs(manifest.network).edge).not.toHaveProperty("ipv6");
    expect(blockLines(proxyConfig(manifest, hostPaths("api")), "server")).not.toContain(
      "listen [::]:8080 default_server;",
    );
  });

  it("give the edge network IPv6 from the manifest's subnet; the internal network stays IPv4", () => {
    const specs = networkSpecs(manifestWith(ipv6On).network);
    expect(specs.edge).toMatchObject({
      ipv6: true,
      ipamConfigs: [{ subnet: "fd5d:5d00:ed9e::/64" }],
    });
    expect(specs.private).not.toHaveProperty("ipv6");
  });

  it("publish the port on [::] beside 0.0.0.0, and Nginx listens on both", () => {
    const manifest = manifestWith(ipv6On);
    expect(proxyContainerArgs(manifest, hostPaths("api")).ports).toEqual([
      { internal: 8080, external: 8080, ip: "0.0.0.0", protocol: "tcp" },
      { internal: 8080, external: 8080, ip: "::", protocol: "tcp" },
    ]);
    const server = blockLines(proxyConfig(manifest, hostPaths("api")), "server");
    expect(server).toContain("listen 8080 default_server;");
    expect(server).toContain("listen [::]:8080 default_server;");
  });

  it("publish on the one address a manifest binds to, of either family", () => {
    expect(publishAddresses(manifestWith({ ...ipv6On, proxy: { bindAddress: "::" } }))).toEqual([
      "::",
    ]);
    expect(
      publishAddresses(manifestWith({ ...ipv6On, proxy: { bindAddress: "127.0.0.1" } })),
    ).toEqual(["127.0.0.1"]);
  });
});

describe("the host's IPv6 publishing, checked before a deploy", () => {
  it("is not asked when IPv6 is off", async () => {
    const host = hostTwin("never run");
    await checkHostIpv6(manifestWith({}).network, target, host.connect);
    expect(host.ran).toEqual([]);
  });

  it("passes a Docker that keeps its DOCKER chain in ip6tables' nat table, through sudo for a deploy user", async () => {
    const root = hostTwin();
    await checkHostIpv6(manifestWith(ipv6On).network, target, root.connect);
    expect(root.ran).toEqual([DOCKER_IP6TABLES_CHECK]);
    expect(root.closed()).toBe(true);
    const deploy = hostTwin();
    await checkHostIpv6(
      manifestWith(ipv6On).network,
      { ...target, user: "deploy" },
      deploy.connect,
    );
    expect(deploy.ran).toEqual([`sudo -n ${DOCKER_IP6TABLES_CHECK}`]);
  });

  it("refuses a Docker without ip6tables with SD_HOST_IPV6: IPv6 clients would be the gateway", async () => {
    const host = hostTwin("ip6tables: No chain/target/match by that name.");
    let error: SwiftDeployError | undefined;
    try {
      await checkHostIpv6(manifestWith(ipv6On).network, target, host.connect);
    } catch (e) {
      error = e as SwiftDeployError;
    }
    expect(error?.code).toBe("SD_HOST_IPV6");
    expect(error?.message).toContain(
      "Docker on 203.0.113.10 does not publish ports with ip6tables (`ip6tables -w -t nat -n -L DOCKER` exited 1: ip6tables: No chain/target/match by that name.)",
    );
    expect(error?.message).toContain(
      "every IPv6 client would reach Nginx through docker-proxy as the edge network's gateway",
    );
    expect(error?.message).toContain('"experimental": true and "ip6tables": true');
    expect(error?.message).toContain("or set network.ipv6.enabled: false");
    expect(host.closed()).toBe(true);
  });
});
