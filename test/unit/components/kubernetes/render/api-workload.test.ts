import { describe, expect, it } from "vitest";
import {
  renderApiDeployment,
  renderApiService,
} from "../../../../../components/kubernetes/render/api-workload";
import { manifestWith } from "../../../../kit/manifest";

const manifest = manifestWith({
  service: { name: "api", port: 3000, resources: { memoryMb: 256, cpus: 0.5 } },
});
const input = {
  namespace: "swiftdeploy-api",
  track: "canary" as const,
  version: "1.1.0",
  image: `sha256:${"a".repeat(64)}`,
  imageName: "api:1.1.0",
};

describe("renderApiDeployment", () => {
  const deployment = renderApiDeployment(manifest, input);
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it("names the Deployment after its track and selects by service and role", () => {
    expect(deployment.metadata).toMatchObject({ name: "api-canary", namespace: "swiftdeploy-api" });
    expect(deployment.spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "api",
      "dev.swiftdeploy.role": "api-canary",
    });
    expect(deployment.spec.template.metadata.labels).toMatchObject({
      "dev.swiftdeploy.role": "api-canary",
      "dev.swiftdeploy.version": "1.1.0",
    });
  });

  it("runs the pinned image, never pulling, and names its tag in an annotation", () => {
    expect(container).toMatchObject({ image: input.image, imagePullPolicy: "IfNotPresent" });
    expect(deployment.spec.template.metadata.annotations).toEqual({
      "swiftdeploy.dev/image": "api:1.1.0",
    });
  });

  it("hardens the container as on Docker: non-root, read-only, no capabilities, no escalation", () => {
    expect(container?.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toEqual([
      { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
    ]);
  });

  it("limits memory and CPU with the manifest's numbers", () => {
    expect(container?.resources).toEqual({
      limits: { memory: "256Mi", cpu: "500m" },
      requests: { memory: "256Mi", cpu: "125m" },
    });
  });

  it("probes readiness and liveness on the API's own routes", () => {
    expect(container?.readinessProbe.httpGet).toEqual({ path: "/readyz", port: 3000 });
    expect(container?.livenessProbe.httpGet).toEqual({ path: "/healthz", port: 3000 });
  });

  it("passes the Docker environment, with the chaos token from its Secret", () => {
    expect(container?.env).toEqual([
      { name: "MODE", value: "canary" },
      { name: "PORT", value: "3000" },
      { name: "HOST", value: "0.0.0.0" },
      { name: "APP_VERSION", value: "1.1.0" },
      { name: "SERVICE_NAME", value: "api" },
      { name: "NODE_ENV", value: "production" },
      { name: "CHAOS_TOKEN", valueFrom: { secretKeyRef: { name: "chaos-token", key: "token" } } },
    ]);
  });

  it("rolls by surge: the new version is ready before the old one stops", () => {
    expect(deployment.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });
});

describe("renderApiService", () => {
  it("is a ClusterIP Service named like the Docker alias of its track", () => {
    const service = renderApiService(manifest, "swiftdeploy-api", "stable");
    expect(service.metadata.name).toBe("api-stable");
    expect(service.spec).toEqual({
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": "api", "dev.swiftdeploy.role": "api-stable" },
      ports: [{ name: "http", port: 3000, targetPort: "http", protocol: "TCP" }],
    });
  });
});
