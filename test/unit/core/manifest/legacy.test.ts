import { describe, expect, it } from "vitest";
import {
  ManifestFormat,
  detectFormat,
  parseManifest,
  serviceNameFromImage,
} from "../../../../core/manifest";
import { fixture, problemsOf } from "../../../kit/manifest";

describe("the legacy manifest form", () => {
  it("loads the original SwiftDeploy manifest as a typed v1 config", () => {
    const manifest = parseManifest(fixture("valid", "legacy.yaml"), "manifest.yaml");
    expect(manifest.service).toEqual({
      name: "swift-deploy-1-node",
      source: "api",
      image: "swift-deploy-1-node:latest",
      buildIfMissing: true,
      port: 3000,
      restart: "unless-stopped",
      resources: { memoryMb: 256, cpus: 0.5 },
    });
    expect(manifest.release).toEqual({ stable: { version: "1.0.0" } });
    expect(manifest.proxy.publicPort).toBe(8080);
    expect(manifest.proxy.timeouts).toMatchObject({
      readSeconds: 30,
      sendSeconds: 30,
      connectSeconds: 5,
    });
    expect(manifest.images.nginx).toBe("nginx:latest");
    expect(manifest.network).toEqual({
      name: "swiftdeploy-net",
      driver: "bridge",
      ipv6: { enabled: false, subnet: "fd5d:5d00:ed9e::/64" },
    });
  });

  it("keeps the instruction to build the named image from the project's sources", () => {
    const { service } = parseManifest(fixture("valid", "legacy-minimal.yaml"), "m.yaml");
    expect(service.image).toBe("swift-deploy-1-node:latest");
    expect(service.buildIfMissing).toBe(true);
    expect(service.source).toBe("api");
  });

  it("reads restart_policy as a synonym of restart and mode canary as a canary taking all traffic", () => {
    const manifest = parseManifest(fixture("valid", "legacy-canary.yaml"), "m.yaml");
    expect(manifest.service.restart).toBe("always");
    expect(manifest.service.port).toBe(3001);
    expect(manifest.release).toEqual({
      stable: { version: "1.1.0" },
      canary: { version: "1.1.0", weight: 100 },
    });
    expect(manifest.proxy.publicPort).toBe(9090);
    expect(manifest.network.name).toBe("legacy-net");
  });

  it("fills what the legacy form leaves out with the v1 defaults", () => {
    const manifest = parseManifest(fixture("valid", "legacy-minimal.yaml"), "m.yaml");
    expect(manifest.service.port).toBe(3000);
    expect(manifest.service.restart).toBe("unless-stopped");
    expect(manifest.proxy.publicPort).toBe(8080);
    expect(manifest.images.nginx).toBe("nginx:1.27-bookworm");
    expect(manifest.network).toEqual({
      name: "swiftdeploy-net",
      driver: "bridge",
      ipv6: { enabled: false, subnet: "fd5d:5d00:ed9e::/64" },
    });
  });

  it("refuses restart and restart_policy together", () => {
    const text =
      'services: { image: app:1, version: "1", restart: always, restart_policy: "no" }\n';
    expect(problemsOf(text)).toEqual([
      'manifest.yaml:1:74 services.restart_policy: expected only one of restart and restart_policy (they are synonyms), found "no"',
    ]);
  });

  it("treats v1 sections in a legacy file as unknown fields", () => {
    const text = 'services: { image: app:1, version: "1" }\nrelease: {}\n';
    expect(problemsOf(text)).toEqual([
      'manifest.yaml:2:1 release: expected one of the fields services, nginx, network, volumes, opa_url, opa, policy, policies, audit, deployment, found an unknown field "release"',
    ]);
  });

  it.each([
    [{ services: {} }, ManifestFormat.Legacy],
    [{ nginx: {} }, ManifestFormat.Legacy],
    [{ network: {} }, ManifestFormat.V1],
    [{ apiVersion: "swiftdeploy/v1", services: {} }, ManifestFormat.V1],
    [{}, ManifestFormat.V1],
  ])("detects %j as the %s form", (input, format) => {
    expect(detectFormat(input)).toBe(format);
  });

  it.each([
    ["swift-deploy-1-node:latest", "swift-deploy-1-node"],
    ["registry:5000/team/My_App:1.0", "my-app"],
    ["ghcr.io/org/api@sha256:0123456789abcdef0123456789abcdef", "api"],
    ["1234:latest", "api"],
  ])("names the service of legacy image %s %s", (image, name) => {
    expect(serviceNameFromImage(image)).toBe(name);
  });
});
