import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BanListWatch } from "../../../../detector/shared-bans/ban-list-watch";
import {
  ConfigMapBanList,
  type BanListSnapshot,
} from "../../../../detector/shared-bans/configmap-ban-list";
import { KubeApi } from "../../../../detector/shared-bans/kube-api";
import {
  dataKey,
  encodeSharedBan,
  type SharedBan,
} from "../../../../detector/shared-bans/shared-ban-codec";
import { FakeKubeApi } from "../../../kit/detector/fake-kube-api";

function entry(ip: string): Record<string, string> {
  const ban: SharedBan = {
    ip,
    family: 4,
    until: "2026-04-27T00:10:00.000Z",
    rule: "zscore",
    node: "edge-1",
    at: "2026-04-27T00:00:00.000Z",
  };
  return { [dataKey(ip)]: encodeSharedBan(ban) };
}

async function until(what: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

let fake: FakeKubeApi;
let watch: BanListWatch;
let snapshots: BanListSnapshot[];
const keys = () => [...(snapshots.at(-1)?.bans.keys() ?? [])];

beforeEach(async () => {
  fake = new FakeKubeApi();
  const api = new KubeApi({ url: await fake.listen() }, 2000);
  snapshots = [];
  watch = new BanListWatch(api, new ConfigMapBanList(api, fake.namespace, fake.name), {
    snapshot: (s) => snapshots.push(s),
    log: () => undefined,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
});
afterEach(async () => {
  await watch.stop();
  await fake.close();
});

describe("watching the shared ban list (fake API server on loopback)", () => {
  it("lists at start, then reports each change as it is written", async () => {
    fake.edit(entry("203.0.113.1"));
    await watch.start();
    expect(keys()).toEqual(["203.0.113.1"]);
    await until(() => fake.requests.some((r) => r.method === "WATCH"));
    const t0 = performance.now();
    fake.edit({ ...entry("203.0.113.1"), ...entry("203.0.113.2") });
    await until(() => keys().length === 2);
    expect(performance.now() - t0).toBeLessThan(1000);
    fake.edit({});
    await until(() => keys().length === 0);
  });

  it("resumes from the last resourceVersion when the server ends a watch, missing no change", async () => {
    await watch.start();
    await until(() => fake.requests.some((r) => r.method === "WATCH"));
    fake.dropWatches();
    fake.edit(entry("203.0.113.3"));
    await until(() => keys().includes("203.0.113.3"));
    expect(fake.requests.filter((r) => r.method === "GET")).toHaveLength(1);
  });

  it("lists again when the watch is too old (410 Gone)", async () => {
    await watch.start();
    await until(() => fake.requests.some((r) => r.method === "WATCH"));
    fake.edit(entry("203.0.113.4"));
    await until(() => keys().includes("203.0.113.4"));
    fake.edit(entry("203.0.113.5"), true);
    fake.compactedBelow = fake.resourceVersion;
    fake.dropWatches();
    await until(() => keys().includes("203.0.113.5"));
    expect(fake.requests.filter((r) => r.method === "GET").length).toBeGreaterThanOrEqual(2);
  });
});
