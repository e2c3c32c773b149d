import { describe, expect, it } from "vitest";
import { DEFAULT_IMAGES, parseManifest } from "../../../../core/manifest";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import { MINIMAL_YAML, fixture } from "../../../kit/manifest";

describe("manifest defaults", () => {
  it("fills every section of a minimal manifest with its documented defaults", () => {
    expect(parseManifest(MINIMAL_YAML, "manifest.yaml")).toEqual({
      apiVersion: "swiftdeploy/v1",
      service: {
        name: "api",
        source: "api",
        buildIfMissing: false,
        port: 3000,
        restart: "unless-stopped",
        resources: { memoryMb: 256, cpus: 0.5 },
      },
      release: { stable: { version: "1.0.0" } },
      proxy: {
        publicPort: 8080,
        bindAddress: "0.0.0.0",
        timeouts: {
          connectSeconds: 5,
          readSeconds: 30,
          sendSeconds: 30,
          clientHeaderSeconds: 10,
          clientBodySeconds: 10,
          clientSendSeconds: 10,
          keepaliveSeconds: 15,
        },
        maxBodyKb: 16,
        keepaliveRequests: 1000,
        rateLimit: { requestsPerSecond: 100, burst: 200, connectionsPerClient: 50 },
        trustedProxies: [],
        securityHeaders: true,
        privatePaths: [],
        logRotation: { maxSizeMb: 100, keep: 5, checkMinutes: 1 },
      },
      images: {
        base: "node:22-bookworm-slim",
        nginx: "nginx:1.27-bookworm",
        opa: "openpolicyagent/opa:1.22.2-debug",
      },
      policy: {
        deploy: { minDiskFreeGb: 2, maxLoadPerCpu: 2, minMemoryFreeMb: 256 },
        promotion: {
          maxErrorRate: 0.01,
          maxP99Ms: 500,
          minRequests: 100,
          windowSeconds: 60,
          relative: { enabled: false, maxErrorRateIncrease: 0.005, maxP99Ratio: 1.5 },
        },
        guardrails: {
          enforcement: "mandatory",
          levels: {},
          allowedCapabilities: [],
          allowedLocalTags: [],
          maxContainerMemoryMb: 2048,
          maxContainerCpus: 2,
          maxContainerProcesses: 2048,
        },
      },
      detector: DetectorSettingsSchema.parse({}),
      host: { address: "127.0.0.1", port: 22, user: "root" },
      network: {
        name: "swiftdeploy-net",
        driver: "bridge",
        ipv6: { enabled: false, subnet: "fd5d:5d00:ed9e::/64" },
      },
      alerts: {},
    });
  });

  it("uses the official image names by default", () => {
    expect(DEFAULT_IMAGES).toEqual({
      base: "node:22-bookworm-slim",
      nginx: "nginx:1.27-bookworm",
      opa: "openpolicyagent/opa:1.22.2-debug",
    });
  });

  it("keeps every value a full manifest sets instead of its default", () => {
    const manifest = parseManifest(fixture("valid", "full.yaml"), "full.yaml");
    expect(manifest.service).toEqual({
      name: "shop",
      source: "services/shop",
      image: "registry.example:5000/team/shop:2.0.0",
      buildIfMissing: true,
      port: 8081,
      restart: "on-failure",
      resources: { memoryMb: 512, cpus: 1.5 },
    });
    expect(manifest.release).toEqual({
      stable: { version: "2.0.0" },
      canary: { version: "2.1.0-rc.1", weight: 25 },
    });
    expect(manifest.proxy.rateLimit).toEqual({
      requestsPerSecond: 50,
      burst: 100,
      connectionsPerClient: 20,
    });
    expect(manifest.proxy.trustedProxies).toEqual(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]);
    expect(manifest.proxy.timeouts.keepaliveSeconds).toBe(0);
    expect(manifest.policy.guardrails.levels).toEqual({
      "images-pinned": "disabled",
      "no-host-network": "mandatory",
    });
    expect(manifest.policy.promotion.relative).toEqual({
      enabled: true,
      maxErrorRateIncrease: 0.01,
      maxP99Ratio: 1.2,
    });
    expect(manifest.host).toEqual({ address: "deploy.example.org", port: 2222, user: "deploy" });
    expect(manifest.network).toEqual({
      name: "shop-net",
      driver: "bridge",
      subnet: "172.28.0.0/16",
      ipv6: { enabled: true, subnet: "fd00:5d:77::/64" },
    });
    expect(manifest.alerts).toEqual({ webhookConfigKey: "alertWebhookUrl" });
    expect(manifest.detector.windowSeconds).toBe(30);
  });
});
