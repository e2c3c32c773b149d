import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";
import { flood } from "../../kit/detector/flood";
import { ipsetEntries, removeKernelObjects } from "../../kit/detector/kernel";
import { createNs, curlFrom, freeSubnet, removeNs, type TestNs } from "../../kit/detector/netns";
import { startNginx, type TestNginx } from "../../kit/detector/nginx";
import { requireTools } from "../../kit/detector/sh";

// Behind a load balancer: a "proxy" namespace forwards clients with X-Forwarded-For, Nginx trusts it
// (realip), and the detector must ban the forwarded client in Nginx, never the proxy in the kernel.
let tmp = tempDir("proxy");
let name = "";
let namespaces: TestNs[] = [];
let nginx: TestNginx | undefined;
let daemon: Daemon | undefined;

beforeAll(() => {
  requireTools({
    ip: "iproute2",
    ipset: "ipset",
    iptables: "iptables",
    nginx: "nginx-light",
    curl: "curl",
  });
  buildDetector();
});
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
  await nginx?.stop();
  nginx = undefined;
  for (const ns of namespaces) removeNs(ns);
  namespaces = [];
  if (name !== "") removeKernelObjects(name);
  tmp.cleanup();
  tmp = tempDir("proxy");
});

describe("bans behind a trusted proxy", () => {
  it("deny a forwarded client in Nginx (403) without touching the kernel or the proxy, and a direct client in both even when it names itself in X-Forwarded-For", async () => {
    name = `sdt${randomBytes(2).toString("hex")}`;
    const subnet = freeSubnet();
    const proxy = createNs(`${name}-lb`, subnet, 0, name);
    namespaces.push(proxy);
    const direct = createNs(`${name}-dir`, subnet, 4, name);
    namespaces.push(direct);
    const denyFile = tmp.file("nginx/detector-deny.conf");
    fs.mkdirSync(tmp.file("nginx"), { recursive: true });
    fs.writeFileSync(denyFile, "");
    const port = 17_000 + (parseInt(name.slice(3), 16) % 1000);
    nginx = await startNginx(tmp.file("nginx"), [proxy.hostIp, direct.hostIp], port, {
      server: [
        `set_real_ip_from ${proxy.ip}`,
        "real_ip_header X-Forwarded-For",
        "real_ip_recursive on",
        `include ${denyFile}`,
      ],
    });
    const config = tmp.file("detector.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        logPath: nginx.log,
        stateDir: tmp.file("state"),
        pollMs: 50,
        clientAddressSource: "forwarded",
        trustedProxies: [proxy.ip],
        enforcement: {
          setName: name,
          ipv6: false,
          nginxDenyList: { path: denyFile, reloadCommand: nginx.reload, minReloadIntervalMs: 0 },
        },
        selftest: { onStart: false },
        dashboard: { enabled: false },
      }),
    );
    daemon = startDaemon(config);
    await waitFor("the daemon", () => daemon!.stderr().some((l) => l.msg === "log opened"));
    const viaProxy = `http://${proxy.hostIp}:${port}/`;
    const asClient = (ip: string) => curlFrom(proxy.name, viaProxy, 2, [`X-Forwarded-For: ${ip}`]);
    expect(asClient("203.0.113.77")).toBe("200");

    await flood(proxy.name, viaProxy, 600, 300, 1500, "203.0.113.77");
    await waitFor("the ban of the forwarded client", () =>
      daemon!.stdout().some((d) => d.type === "ban" && d.ip === "203.0.113.77"),
    );
    await waitFor("the deny list", () =>
      fs.readFileSync(denyFile, "utf8").includes("deny 203.0.113.77;"),
    );
    await waitFor("Nginx to deny the forwarded client", () => asClient("203.0.113.77") === "403");
    expect(asClient("203.0.113.78")).toBe("200");
    expect(curlFrom(proxy.name, viaProxy)).toBe("200"); // the proxy itself is never banned
    expect(ipsetEntries(`${name}-v4`)).toEqual([]);

    // Writing its own address into X-Forwarded-For once kept a direct client out of the kernel.
    await flood(direct.name, `http://${direct.hostIp}:${port}/`, 3000, 300, 1500, direct.ip);
    await waitFor("the direct client's ban", () =>
      daemon!.stdout().some((d) => d.type === "ban" && d.ip === direct.ip),
    );
    await waitFor("the kernel ban", () => ipsetEntries(`${name}-v4`).length === 1);
    expect(ipsetEntries(`${name}-v4`)[0]!.key).toBe(direct.ip);
    expect(fs.readFileSync(denyFile, "utf8")).toContain(`deny ${direct.ip};`);
    expect(curlFrom(direct.name, `http://${direct.hostIp}:${port}/`)).toBe("timeout");
    const audit = fs.readFileSync(tmp.file("state/audit.jsonl"), "utf8");
    expect(audit).toContain('"enforcedBy":"nginx-deny"');
    expect(audit).toContain('"enforcedBy":"ipset+nginx-deny"');
  });
});
