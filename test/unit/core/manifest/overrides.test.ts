import { describe, expect, it } from "vitest";
import { ErrorCode, SwiftDeployError } from "../../../../core/errors";
import { OVERRIDABLE_FIELDS, applyOverrides, manifestJsonSchema } from "../../../../core/manifest";
import { manifestWith } from "../../../kit/manifest";

const withCanary = manifestWith({
  release: { stable: { version: "1" }, canary: { version: "2", weight: 10 } },
});

// Read loosely: the detector branch owns its settings' type.
const dryRun = (m: typeof withCanary) => (m.detector as { dryRun?: unknown }).dryRun;

function failure(run: () => unknown): SwiftDeployError {
  try {
    run();
  } catch (error) {
    if (error instanceof SwiftDeployError) return error;
    throw error;
  }
  throw new Error("expected the overrides to be rejected");
}

describe("stack overrides", () => {
  it.each([
    ["host.address", "172.17.0.2", (m: typeof withCanary) => m.host.address, "172.17.0.2"],
    ["host.port", "2222", (m: typeof withCanary) => m.host.port, 2222],
    ["host.user", "deploy", (m: typeof withCanary) => m.host.user, "deploy"],
    ["images.base", "local/node:22", (m: typeof withCanary) => m.images.base, "local/node:22"],
    [
      "images.nginx",
      "local/nginx:bookworm",
      (m: typeof withCanary) => m.images.nginx,
      "local/nginx:bookworm",
    ],
    ["images.opa", "local/opa:1.22.2", (m: typeof withCanary) => m.images.opa, "local/opa:1.22.2"],
    ["proxy.publicPort", "18080", (m: typeof withCanary) => m.proxy.publicPort, 18080],
    ["proxy.bindAddress", "127.0.0.1", (m: typeof withCanary) => m.proxy.bindAddress, "127.0.0.1"],
    ["release.canary.weight", "50", (m: typeof withCanary) => m.release.canary?.weight, 50],
    [
      "policy.deploy.maxLoadPerCpu",
      "7.5",
      (m: typeof withCanary) => m.policy.deploy.maxLoadPerCpu,
      7.5,
    ],
    [
      "policy.deploy.minDiskFreeGb",
      "100000",
      (m: typeof withCanary) => m.policy.deploy.minDiskFreeGb,
      100000,
    ],
    [
      "policy.deploy.minMemoryFreeMb",
      "512",
      (m: typeof withCanary) => m.policy.deploy.minMemoryFreeMb,
      512,
    ],
    ["detector.dryRun", "true", (m: typeof withCanary) => dryRun(m), true],
  ] as const)("applies %s=%s as a typed value", (name, value, read, expected) => {
    expect(read(applyOverrides(withCanary, { [name]: value }))).toBe(expected);
  });

  it("accepts numbers and booleans as Pulumi YAML config gives them", () => {
    const result = applyOverrides(withCanary, { "host.port": 2200, "detector.dryRun": false });
    expect([result.host.port, dryRun(result)]).toEqual([2200, false]);
  });

  it("leaves the input manifest untouched", () => {
    applyOverrides(withCanary, { "host.address": "10.1.1.1" });
    expect(withCanary.host.address).toBe("127.0.0.1");
  });

  it("rejects unknown names, listing the allowed ones", () => {
    const error = failure(() => applyOverrides(withCanary, { "service.port": "1" }));
    expect(error.code).toBe(ErrorCode.ConfigInvalid);
    expect(error.details).toEqual([
      `"service.port": not an overridable field; allowed: ${Object.keys(OVERRIDABLE_FIELDS).join(", ")}`,
    ]);
  });

  it("re-validates values through the manifest schema and reports every bad one, in schema order", () => {
    const error = failure(() =>
      applyOverrides(withCanary, {
        "host.port": "ssh",
        "release.canary.weight": "150",
        "detector.dryRun": "maybe",
        "images.nginx": "Not An Image",
      }),
    );
    expect(error.message).toContain("stack config swiftdeploy:overrides is invalid");
    expect(error.details).toEqual([
      '"release.canary.weight": expected a whole number from 0 to 100 (percent), found 150 (a number)',
      '"images.nginx": expected a Docker image reference like "nginx:1.27-bookworm", found "Not An Image"',
      '"detector.dryRun": expected true or false, found "maybe"',
      '"host.port": expected a whole number from 1 to 65535, found "ssh"',
    ]);
  });

  it("refuses to override the canary weight when the manifest declares no canary", () => {
    const error = failure(() => applyOverrides(manifestWith(), { "release.canary.weight": "5" }));
    expect(error.details).toEqual([
      '"release.canary.weight": the manifest declares no release.canary; add release.canary to the manifest before overriding it',
    ]);
  });

  it("never echoes a secret-looking override value", () => {
    const error = failure(() =>
      applyOverrides(withCanary, { "host.address": "https://user:pw@example.org" }),
    );
    expect(error.message).not.toContain("user:pw");
    expect(error.details[0]).toContain("found a URL (value hidden)");
  });

  it.each(Object.keys(OVERRIDABLE_FIELDS))(
    "offers %s, which exists in the manifest schema",
    (name) => {
      let node = manifestJsonSchema() as { properties?: Record<string, unknown> };
      for (const segment of name.split(".")) {
        const next = node.properties?.[segment];
        expect(next, `${name} is not in the schema`).toBeDefined();
        node = next as typeof node;
      }
    },
  );
});
