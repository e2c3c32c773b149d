import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDetector, runDetector, startDaemon, type Daemon } from "../../kit/detector/cli";
import { tempDir, waitFor } from "../../kit/detector/files";
import { flood } from "../../kit/detector/flood";
import {
  ipsetEntries,
  ipsetExists,
  nftElements,
  nftTableExists,
  removeKernelObjects,
  rulesMentioning,
} from "../../kit/detector/kernel";
import { createNs, curlFrom, freeSubnet, removeNs, type TestNs } from "../../kit/detector/netns";
import { startNginx, type TestNginx } from "../../kit/detector/nginx";
import { requireTools } from "../../kit/detector/sh";

// Real kernel, real Nginx, the real daemon: an attacker namespace floods, a benign one browses.
let tmp = tempDir("enforce");
let name = "";
let namespaces: TestNs[] = [];
let nginx: TestNginx | undefined;
let daemons: Daemon[] = [];

beforeAll(() => {
  requireTools({
    ip: "iproute2",
    ipset: "ipset",
    iptables: "iptables",
    nft: "nftables",
    nginx: "nginx-light",
    curl: "curl",
  });
  buildDetector();
});

afterAll(() => tmp.cleanup());

afterEach(async () => {
  for (const d of daemons) await d.stop();
  daemons = [];
  await nginx?.stop();
  nginx = undefined;
  for (const ns of namespaces) removeNs(ns);
  namespaces = [];
  if (name !== "") removeKernelObjects(name);
  tmp.cleanup();
  tmp = tempDir("enforce");
});

interface Bed {
  readonly attacker: TestNs;
  readonly benign: TestNs;
  readonly config: string;
  readonly state: string;
  readonly attackerUrl: string;
  readonly benignUrl: string;
}

/** Two namespaces, Nginx on their host-side addresses, and a daemon config for `backend`. */
async function testbed(backend: "ipset" | "nftables", banMinutes: number): Promise<Bed> {
  const id = randomBytes(2).toString("hex");
  name = `sdt${id}`;
  const subnet = freeSubnet();
  const attacker = createNs(`${name}-atk`, subnet, 0, name);
  namespaces.push(attacker);
  const benign = createNs(`${name}-ben`, subnet, 4, name);
  namespaces.push(benign);
  const port = 18_000 + (parseInt(id, 16) % 2000);
  nginx = await startNginx(tmp.file("nginx"), [attacker.hostIp, benign.hostIp], port);
  const state = tmp.file("state");
  const config = tmp.file("detector.json");
  fs.writeFileSync(
    config,
    JSON.stringify({
      logPath: nginx.log,
      stateDir: state,
      startAt: "end",
      pollMs: 50,
      enforcement: { backend, setName: name, ipv6: false },
      bans: { stepsMinutes: [banMinutes], thenPermanent: false },
      selftest: { onStart: false },
      dashboard: { port: 0 },
    }),
  );
  return {
    attacker,
    benign,
    config,
    state,
    attackerUrl: `http://${attacker.hostIp}:${port}/`,
    benignUrl: `http://${benign.hostIp}:${port}/`,
  };
}

function start(config: string): Daemon {
  const d = startDaemon(config);
  daemons.push(d);
  return d;
}

async function stop(d: Daemon): Promise<void> {
  expect(await d.stop()).toBe(0);
  daemons = daemons.filter((x) => x !== d);
}

function ready(d: Daemon): () => boolean {
  return () => d.stderr().some((l) => l.msg === "log opened" || l.msg === "log missing");
}

function decisions(d: Daemon, type: string, ip: string): Record<string, unknown>[] {
  return d.stdout().filter((x) => x.type === type && x.ip === ip);
}

function savedBans(state: string): { ip: string; untilMs: number | null }[] {
  return JSON.parse(fs.readFileSync(path.join(state, "bans.json"), "utf8")) as {
    ip: string;
    untilMs: number | null;
  }[];
}

/** Keys the backend holds. */
function held(backend: "ipset" | "nftables"): string[] {
  return backend === "ipset"
    ? ipsetEntries(`${name}-v4`).map((e) => e.key)
    : nftElements(name, "v4");
}

describe.each(["ipset", "nftables"] as const)(
  "enforcement with %s, in network namespaces",
  (backend) => {
    it("drops the attacker in the kernel while the benign client gets 200s, keeps the ban across a restart without duplicating it, and lifts it when due", async () => {
      const bed = await testbed(backend, 0.5);
      const first = start(bed.config);
      await waitFor("the daemon to follow the log", ready(first));
      expect(curlFrom(bed.attacker.name, bed.attackerUrl)).toBe("200");
      const benignCodes: string[] = [];
      const browsing = (async () => {
        for (let i = 0; i < 6; i++) {
          benignCodes.push(curlFrom(bed.benign.name, bed.benignUrl));
          await new Promise((r) => setTimeout(r, 700));
        }
      })();
      const result = await flood(bed.attacker.name, bed.attackerUrl, 3000, 300);
      await browsing;
      expect(result.firstFailMs).not.toBeNull();
      expect(result.ok).toBeGreaterThanOrEqual(180);
      expect(benignCodes).toEqual(["200", "200", "200", "200", "200", "200"]);
      await waitFor(
        "the ban decision",
        () => decisions(first, "ban", bed.attacker.ip).length === 1,
      );
      expect(decisions(first, "ban", bed.benign.ip)).toEqual([]);
      expect(held(backend)).toEqual([bed.attacker.ip]);
      // Dropped, not refused: the kernel swallows the SYN, so curl times out.
      expect(curlFrom(bed.attacker.name, bed.attackerUrl, 2)).toBe("timeout");
      expect(curlFrom(bed.benign.name, bed.benignUrl)).toBe("200");
      if (backend === "ipset") expect(ipsetEntries(`${name}-v4`)[0]!.packets).toBeGreaterThan(0);

      await stop(first);
      expect(held(backend)).toEqual([bed.attacker.ip]);
      expect(curlFrom(bed.attacker.name, bed.attackerUrl, 2)).toBe("timeout");
      const second = start(bed.config);
      await waitFor("the restarted daemon", ready(second));
      const starting = second.stderr().find((l) => l.msg === "detector starting")!;
      expect(starting.activeBans).toBe(1);
      const reconciled = second.stderr().find((l) => l.msg === "reconciled with the ledger")!;
      expect(reconciled).toMatchObject({ backend, held: 1, added: 0, removed: 0 });
      expect(held(backend)).toEqual([bed.attacker.ip]);
      expect(savedBans(bed.state).filter((b) => b.ip === bed.attacker.ip)).toHaveLength(1);

      await waitFor(
        "the unban when the 30 s ban is due",
        () => decisions(second, "unban", bed.attacker.ip).length === 1,
        45_000,
      );
      await waitFor("the kernel to let the attacker in again", () => held(backend).length === 0);
      expect(curlFrom(bed.attacker.name, bed.attackerUrl)).toBe("200");
      expect(decisions(second, "ban", bed.attacker.ip)).toEqual([]);
    });
  },
);

describe("enforcement across downtime and flush (ipset)", () => {
  it("ends a ban that falls due while the daemon is down on time in the kernel, and the restarted daemon records the unban", async () => {
    const bed = await testbed("ipset", 0.2);
    const first = start(bed.config);
    await waitFor("the daemon to follow the log", ready(first));
    await flood(bed.attacker.name, bed.attackerUrl, 3000, 300);
    await waitFor("the ban", () => decisions(first, "ban", bed.attacker.ip).length === 1);
    const ban = decisions(first, "ban", bed.attacker.ip)[0]!;
    await stop(first);
    const entry = ipsetEntries(`${name}-v4`)[0]!;
    expect(entry.key).toBe(bed.attacker.ip);
    expect(entry.timeout).toBeLessThanOrEqual(12);
    await waitFor(
      "the kernel to end the ban by itself",
      () => ipsetEntries(`${name}-v4`).length === 0,
      20_000,
    );
    expect(curlFrom(bed.attacker.name, bed.attackerUrl)).toBe("200");
    const second = start(bed.config);
    await waitFor("the restarted daemon", ready(second));
    await waitFor(
      "the recorded unban",
      () => decisions(second, "unban", bed.attacker.ip).length === 1,
    );
    expect(decisions(second, "unban", bed.attacker.ip)[0]).toMatchObject({
      rule: "ban-expired",
      at: ban.until,
    });
    expect(second.stderr().find((l) => l.msg === "detector starting")!.activeBans).toBe(1);
    expect(savedBans(bed.state).find((b) => b.ip === bed.attacker.ip)?.untilMs).toBe(0);
  });

  it("flush removes every ban, rule and set it created, and clears the saved bans", async () => {
    const bed = await testbed("ipset", 5);
    const d = start(bed.config);
    await waitFor("the daemon to follow the log", ready(d));
    await flood(bed.attacker.name, bed.attackerUrl, 3000, 300);
    await waitFor("the ban", () => decisions(d, "ban", bed.attacker.ip).length === 1);
    // DOCKER-USER (or FORWARD), and INPUT's two: TCP but to the SSH port, and all but TCP.
    expect(rulesMentioning(name).length).toBe(3);
    await stop(d);
    const flushed = runDetector(["flush", "--config", bed.config]);
    expect(flushed.status).toBe(0);
    expect(JSON.parse(flushed.stdout)).toMatchObject({ lifted: 1 });
    expect(rulesMentioning(name)).toEqual([]);
    expect(ipsetExists(`${name}-v4`)).toBe(false);
    expect(nftTableExists(name)).toBe(false);
    expect(savedBans(bed.state).every((b) => b.untilMs === 0)).toBe(true);
    expect(curlFrom(bed.attacker.name, bed.attackerUrl)).toBe("200");
    const again = runDetector(["flush", "--config", bed.config]);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ lifted: 0 });
  });
});
