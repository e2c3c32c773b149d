import { describe, expect, it } from "vitest";
import {
  renderProxyConfigData,
  renderProxyConfigMap,
  renderProxyDaemonSet,
  renderProxyService,
} from "../../../../../components/kubernetes/render/proxy-workload";
import { manifestWith } from "../../../../kit/manifest";

const withCanary = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
});

describe("renderProxyConfigData", () => {
  const conf = renderProxyConfigData(withCanary)["nginx.conf"] ?? "";

  it("splits the upstream between the stable and canary Services by the canary's weight", () => {
    expect(conf).toContain("server api-stable:3000 weight=90 max_fails=0;");
    expect(conf).toContain("server api-canary:3000 weight=10 max_fails=0;");
  });

  it("logs requests to stdout, where the kubelet keeps them", () => {
    expect(conf).toContain("access_log /dev/stdout swiftdeploy_json;");
  });

  it("sends everything to stable when there is no canary", () => {
    const stableOnly = renderProxyConfigData(manifestWith({}))["nginx.conf"] ?? "";
    expect(stableOnly).toContain("server api-stable:3000 weight=100 max_fails=0;");
    expect(stableOnly).not.toContain("api-canary");
  });
});

describe("renderProxyConfigMap", () => {
  it("names the ConfigMap after its content, so a weight change is a new name", () => {
    const a = renderProxyConfigMap(withCanary, "ns").metadata.name;
    const same = renderProxyConfigMap(withCanary, "ns").metadata.name;
    const shifted = renderProxyConfigMap(
      manifestWith({
        release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 50 } },
      }),
      "ns",
    ).metadata.name;
    expect(a).toMatch(/^proxy-config-[0-9a-f]{10}$/);
    expect(same).toBe(a);
    expect(shifted).not.toBe(a);
  });
});

describe("renderProxyDaemonSet", () => {
  const ds = renderProxyDaemonSet(withCanary, {
    namespace: "ns",
    configMapName: "proxy-config-abc",
    image: `sha256:${"b".repeat(64)}`,
    imageName: "swiftdeploy/nginx:bookworm",
  });
  const container = ds.spec.template.spec.containers[0];

  it("runs one Nginx on every edge node, rolled by surge", () => {
    expect(ds.spec.template.spec.nodeSelector).toEqual({ "swiftdeploy.dev/edge": "true" });
    expect(ds.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  it("starts Nginx as on Docker, on the mounted config, non-root and read-only", () => {
    expect(container?.command).toEqual([
      "nginx",
      "-e",
      "stderr",
      "-c",
      "/etc/swiftdeploy/nginx/nginx.conf",
      "-g",
      "daemon off;",
    ]);
    expect(container?.volumeMounts).toContainEqual({
      name: "config",
      mountPath: "/etc/swiftdeploy/nginx",
      readOnly: true,
    });
    expect(ds.spec.template.spec.volumes).toContainEqual({
      name: "config",
      configMap: { name: "proxy-config-abc" },
    });
    expect(container?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(container?.resources.limits).toEqual({ memory: "128Mi", cpu: "500m" });
    expect(container?.readinessProbe.httpGet).toEqual({ path: "/nginx-health", port: 8080 });
  });
});

describe("renderProxyService", () => {
  it("is a NodePort keeping client addresses, on the manifest's port", () => {
    expect(renderProxyService(withCanary, "ns", 30080).spec).toEqual({
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selector: { "app.kubernetes.io/name": "api", "dev.swiftdeploy.role": "proxy" },
      ports: [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP", nodePort: 30080 }],
    });
  });

  it("lets Kubernetes pick the NodePort when the stack sets none", () => {
    expect(renderProxyService(withCanary, "ns").spec.ports[0]).not.toHaveProperty("nodePort");
  });
});
