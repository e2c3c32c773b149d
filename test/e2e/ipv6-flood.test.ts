// Issue 23, item 4: an IPv6 flood through Nginx, dropped in the kernel. Before, the stack published
// its port on 0.0.0.0 only (IPv6 clients refused); published on [::] by a Docker without ip6tables
// (20.10's default), docker-proxy carried each IPv6 client to Nginx over IPv4, so Nginx logged the
// edge network's gateway (measured: 10.66.0.1 for fd5d:5d:246::161), a host address the detector
// never bans. With network.ipv6.enabled the deployed dev stack, on a host whose Docker publishes
// IPv6 with ip6tables, must see the client's own address, ban its /64 and drop it in the kernel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostPaths } from "../../components/naming";
import { runClient, type ClientReport } from "../kit/clients/client-container";
import { joinExtraNetwork } from "../kit/host/extra-network";
import { kernelListing } from "../kit/host/kernel-listing";
import { bootTestHost, type TestHost } from "../kit/host/test-host";
import { devStack, type DevStack } from "../kit/stack/dev-stack";

/** The host and the flooder share a network (its IPv6 /64 holds the host's address too). */
const NETWORK = "swiftdeploy-testbed6";
const HOST = {
  name: "swiftdeploy-host-ipv6",
  address: "172.31.246.10",
  address6: "fd5d:5d:246::10",
  subnet: "172.31.246.0/24",
  subnet6: "fd5d:5d:246::/64",
};
const ATTACKER = { ip: "172.31.246.161", ip6: "fd5d:5d:246::161" };
/** The detector's key for the attacker: its /64. */
const ATTACKER_64 = "fd5d:5d:246::/64";
/** The browser comes from another /64: a second network the host joins. */
const BROWSER_NETWORK = {
  network: "swiftdeploy-testbed6-b",
  subnet: "172.31.245.0/24",
  subnet6: "fd5d:5d:245::/64",
  hostIp: "172.31.245.10",
  hostIp6: "fd5d:5d:245::10",
};
const BROWSER = { ip: "172.31.245.162", ip6: "fd5d:5d:245::162" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an IPv6 flood through the deployed stack", () => {
  let host: TestHost;
  let stack: DevStack;
  let port: number;
  let accessLog: string;
  let browserNetwork: { remove(): Promise<void> } | undefined;
  const url = (address: string) => `http://[${address}]:${port}/`;

  beforeAll(async () => {
    host = await bootTestHost(HOST.name, HOST.address, {
      network: NETWORK,
      subnet: HOST.subnet,
      ip6: HOST.address6,
      subnet6: HOST.subnet6,
    });
    browserNetwork = await joinExtraNetwork(HOST.name, BROWSER_NETWORK);
    stack = await devStack("ipv6", host);
    stack.setOverride("network.ipv6.enabled", true);
    const up = await stack.up();
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
    port = Number(new URL(String((await stack.outputs()).publicUrl)).port);
    accessLog = hostPaths(stack.manifest().service.name).accessLog;
  });

  afterAll(async () => {
    await stack?.destroy();
    await host?.destroy();
    await browserNetwork?.remove();
  });

  it("logs an IPv6 client's own address, not the edge network's gateway", async () => {
    const seen = await runClient({
      name: "sd-e2e-ipv6-probe",
      ...BROWSER,
      network: BROWSER_NETWORK.network,
      url: url(BROWSER_NETWORK.hostIp6),
      count: 1,
      concurrency: 1,
      pauseMs: 0,
    });
    expect(seen).toEqual({ statuses: { 200: 1 }, failures: 0, sent: 1 });
    const { output } = await host.ssh(`tail -n 1 ${accessLog}`);
    expect(JSON.parse(output)).toMatchObject({ source_ip: BROWSER.ip6, peer_ip: BROWSER.ip6 });
  });

  it("bans the flooding client's /64 in the kernel, while a browser of another /64 keeps its 200s", async () => {
    const started = Date.now();
    let bannedAfterMs: number | undefined;
    let flooding = true;
    const watch = (async () => {
      while (flooding && bannedAfterMs === undefined) {
        if ((await kernelListing(host)).includes(ATTACKER_64)) bannedAfterMs = Date.now() - started;
        else await sleep(250);
      }
    })();
    let flood: ClientReport;
    let browsing: ClientReport;
    try {
      [flood, browsing] = await Promise.all([
        runClient({
          name: "sd-e2e-ipv6-flood",
          ...ATTACKER,
          network: NETWORK,
          url: url(HOST.address6),
          count: 3000,
          concurrency: 20,
          pauseMs: 0,
          giveUpAfterFailures: 40,
        }),
        runClient({
          name: "sd-e2e-ipv6-browser",
          ...BROWSER,
          network: BROWSER_NETWORK.network,
          url: url(BROWSER_NETWORK.hostIp6),
          count: 20,
          concurrency: 1,
          pauseMs: 1000,
        }),
      ]);
    } finally {
      flooding = false;
      await watch;
    }
    const served = Number(
      (await host.ssh(`grep -cF '"source_ip":"${ATTACKER.ip6}"' ${accessLog}`)).output.trim(),
    );
    console.log(
      `IPv6 flood: kernel ban ${bannedAfterMs ?? "never"} ms after the flood started; ${served} of its requests reached Nginx; the flooder sent ${flood.sent}, ${flood.failures} failed; statuses ${JSON.stringify(flood.statuses)}`,
    );
    expect(bannedAfterMs).toBeDefined();
    expect(flood.failures).toBeGreaterThan(0);
    expect(flood.sent).toBeLessThan(3000);
    expect(browsing).toEqual({ statuses: { 200: 20 }, failures: 0, sent: 20 });
  });

  it("shows the ban in the kernel's listing and drops the flooder's later requests", async () => {
    const listing = await kernelListing(host);
    expect(listing).toContain(ATTACKER_64);
    // The /64 holds the host's own address: carved out of the ban (ipset's nomatch), never dropped.
    expect(listing).toMatch(new RegExp(`^${HOST.address6} .*nomatch`, "m"));
    const later = await runClient({
      name: "sd-e2e-ipv6-flood-later",
      ...ATTACKER,
      network: NETWORK,
      url: url(HOST.address6),
      count: 3,
      concurrency: 1,
      pauseMs: 0,
    });
    expect(later).toEqual({ statuses: {}, failures: 3, sent: 3 });
    const browser = await runClient({
      name: "sd-e2e-ipv6-browser-later",
      ...BROWSER,
      network: BROWSER_NETWORK.network,
      url: url(BROWSER_NETWORK.hostIp6),
      count: 3,
      concurrency: 1,
      pauseMs: 0,
    });
    expect(browser).toEqual({ statuses: { 200: 3 }, failures: 0, sent: 3 });
  });
});
