// 100,000 bans: how long the backends take to apply them (one batched `ipset restore` / `nft -f`,
// against one `ipset add` process per address), and Nginx's throughput with them loaded vs none
// (wrk from a namespace that is not banned). `ts-node --transpile-only bench/detector/enforce/ban-scale.ts`.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DetectorSettingsSchema } from "../../../core/detector-settings";
import { nodeCommandRunner } from "../../../detector/enforce/command-runner";
import type { BanEntry, Enforcer } from "../../../detector/enforce/enforcer";
import { IpsetEnforcer } from "../../../detector/enforce/ipset-enforcer";
import { NftEnforcer } from "../../../detector/enforce/nft-enforcer";
import { removeKernelObjects } from "../../../test/kit/detector/kernel";
import { startNginx, type TestNginx } from "../../../test/kit/detector/nginx";
import { must, requireTools, sh } from "../../../test/kit/detector/sh";
import { benchNs, removeBenchNs } from "./bench-net";

const BANS = Number(process.env.BENCH_BANS ?? 100_000);
const ONE_BY_ONE = 2000;
const WRK = ["-t", "2", "-c", "32", "-d", "10s"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** BANS distinct addresses in 100.64.0.0/10 (shared address space: never the bench's own). */
function entries(n: number): BanEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `100.${64 + ((i >> 16) & 63)}.${(i >> 8) & 255}.${i & 255}`,
    family: 4 as const,
    timeoutSeconds: 3600,
    except: [],
  }));
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

function wrk(ns: string, url: string): number {
  const r = sh(["ip", "netns", "exec", ns, "wrk", ...WRK, url], 60_000);
  const m = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
  if (m === null) throw new Error(`wrk gave no rate: ${r.stdout}${r.stderr}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  requireTools({
    ip: "iproute2",
    ipset: "ipset",
    iptables: "iptables",
    nft: "nftables",
    nginx: "nginx-light",
    wrk: "wrk",
  });
  const id = randomBytes(2).toString("hex");
  const name = `sdb${id}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-bench-scale-"));
  const client = benchNs(`${name}-cli`, `${name}c`, 1);
  let nginx: TestNginx | undefined;
  const runner = nodeCommandRunner(() => undefined, 600_000);
  const settings = DetectorSettingsSchema.parse({
    enforcement: { setName: name, ipv6: false },
  }).enforcement;
  const list = entries(BANS);
  const results: Record<string, unknown> = { bans: BANS };
  try {
    const port = 18_600 + (parseInt(id, 16) % 1000);
    nginx = await startNginx(path.join(dir, "nginx"), [client.hostIp], port);
    const url = `http://${client.hostIp}:${port}/`;
    // Rounds alternate none / ipset / nftables so a busy neighbour on the machine hits all three.
    const samples: Record<string, number[]> = { none: [], ipset: [], nftables: [] };
    const applyMs: Record<string, number[]> = { ipset: [], nftables: [] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.none!.push(wrk(client.name, url));
      for (const [label, enforcer] of [
        ["ipset", new IpsetEnforcer(settings, runner)],
        ["nftables", new NftEnforcer(settings, runner)],
      ] as [string, Enforcer][]) {
        await enforcer.setup();
        const [applied, ms] = await timed(() => enforcer.apply({ add: list, remove: [] }));
        const fill = await enforcer.fill();
        if (applied.failed.length > 0 || fill[0]?.entries !== BANS)
          throw new Error(`${label}: ${applied.failed.length} refused, ${fill[0]?.entries} held`);
        applyMs[label]!.push(ms);
        samples[label]!.push(wrk(client.name, url));
        await enforcer.teardown();
      }
    }
    for (const [label, xs] of Object.entries(applyMs))
      results[`${label}ApplyMsMedian`] = Math.round(median(xs));
    for (const [label, xs] of Object.entries(samples)) {
      results[`rps_${label}_median`] = Math.round(median(xs));
      results[`rps_${label}_runs`] = xs.map(Math.round);
    }

    // The naive way, for scale: one `ipset add` process per address.
    must(["ipset", "create", `${name}-one`, "hash:ip", "timeout", "0", "maxelem", "1048576"]);
    const [, oneMs] = await timed(async () => {
      for (const e of list.slice(0, ONE_BY_ONE))
        await runner.run(["ipset", "add", `${name}-one`, e.key, "timeout", "3600"]);
    });
    sh(["ipset", "destroy", `${name}-one`]);
    results.oneProcessPerIpMsFor = ONE_BY_ONE;
    results.oneProcessPerIpMs = Math.round(oneMs);
    results.oneProcessPerIpExtrapolatedMs = Math.round((oneMs / ONE_BY_ONE) * BANS);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    const ok = (results.ipsetApplyMsMedian as number) < 5000;
    process.stderr.write(
      `goal (${BANS} bans applied in seconds, none refused): ${ok ? "met" : "MISSED"}\n`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await nginx?.stop();
    removeBenchNs(client);
    removeKernelObjects(name);
    sh(["ipset", "destroy", `${name}-one`]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
