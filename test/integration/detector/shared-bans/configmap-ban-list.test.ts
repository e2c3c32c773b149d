import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigMapBanList } from "../../../../detector/shared-bans/configmap-ban-list";
import { KubeApi } from "../../../../detector/shared-bans/kube-api";
import { dataKey, type SharedBan } from "../../../../detector/shared-bans/shared-ban-codec";
import { FakeKubeApi } from "../../../kit/detector/fake-kube-api";

function ban(ip: string, node = "edge-1"): SharedBan {
  return {
    ip,
    family: 4,
    until: "2026-04-27T00:10:00.000Z",
    rule: "zscore",
    node,
    at: "2026-04-27T00:00:00.000Z",
  };
}

let fake: FakeKubeApi;
let list: ConfigMapBanList;
beforeEach(async () => {
  fake = new FakeKubeApi();
  fake.token = "tok";
  const url = await fake.listen();
  list = new ConfigMapBanList(
    new KubeApi({ url, token: () => "tok" }, 2000),
    fake.namespace,
    fake.name,
  );
});
afterEach(() => fake.close());

const puts = () => fake.requests.filter((r) => r.method === "PUT").map((r) => r.status);

describe("the shared ban list in a ConfigMap (fake API server on loopback)", () => {
  it("writes a ban under its data key with the service-account token, and reads it back", async () => {
    await list.change({ put: ban("203.0.113.9") });
    expect(Object.keys(fake.current)).toEqual([dataKey("203.0.113.9")]);
    const read = await list.read();
    expect(read.bans.get("203.0.113.9")).toEqual(ban("203.0.113.9"));
    expect(read.resourceVersion).toBe("2");
    expect(fake.requests.every((r) => r.status !== 401)).toBe(true);
  });

  it("reads again and retries after 409 conflicts (another node wrote first), keeping that node's ban", async () => {
    await list.change({ put: ban("203.0.113.1", "edge-2") });
    fake.conflicts = 3;
    await list.change({ put: ban("203.0.113.9") });
    expect(puts()).toEqual([200, 409, 409, 409, 200]);
    expect(Object.keys(fake.current).sort()).toEqual(["203.0.113.1", "203.0.113.9"]);
  });

  it("gives up after 8 conflicts in a row with the API's message", async () => {
    fake.conflicts = 100;
    await expect(list.change({ put: ban("203.0.113.9") })).rejects.toThrow(
      /PUT \/api\/v1\/namespaces\/ns\/configmaps\/swiftdeploy-bans: HTTP 409 \(the object has been modified/,
    );
    expect(puts()).toHaveLength(8);
  });

  it("sends the changes queued during a write together: 50 bans in a handful of writes", async () => {
    const ips = Array.from({ length: 50 }, (_, i) => `203.0.113.${i + 1}`);
    await Promise.all(ips.map((ip) => list.change({ put: ban(ip) })));
    expect(Object.keys(fake.current)).toHaveLength(50);
    expect(puts().length).toBeLessThanOrEqual(3);
  });

  it("writes nothing when a change changes nothing (a removal refused by its condition)", async () => {
    await list.change({ put: ban("203.0.113.9") });
    await list.change({ remove: "203.0.113.9", removeIf: () => false });
    await list.change({ remove: "198.51.100.1" });
    expect(puts()).toEqual([200]);
    await list.change({ remove: "203.0.113.9" });
    expect(fake.current).toEqual({});
  });

  it("says which object is missing and the API's status", async () => {
    const missing = new ConfigMapBanList((list as unknown as { api: KubeApi }).api, "ns", "absent");
    await expect(missing.read()).rejects.toThrow(
      "GET /api/v1/namespaces/ns/configmaps/absent: HTTP 404 (not found)",
    );
  });
});
