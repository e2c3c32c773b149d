import { describe, expect, it } from "vitest";
import {
  kubernetesDetectorSettings,
  renderDetectorConfigMap,
  renderDetectorDaemonSet,
} from "../../../../../components/kubernetes/render/detector-workload";
import { manifestWith } from "../../../../kit/manifest";

const manifest = manifestWith({});

describe("kubernetesDetectorSettings", () => {
  it("bans in its own nftables table (forward hook too), never in DOCKER-USER", () => {
    const settings = kubernetesDetectorSettings(manifest, "swiftdeploy-api", ["192.0.2.9"]);
    expect(settings.enforcement.backend).toBe("nftables");
    expect(settings.enforcement.chains).toEqual({ dockerUser: false, input: true });
    expect(settings.allowlist).toContain("192.0.2.9");
    expect(settings.stateDir).toBe("/var/lib/swiftdeploy/detector");
  });

  it("keeps dry-run as dry-run", () => {
    const dry = manifestWith({ detector: { enforcement: { backend: "dry-run" } } });
    expect(kubernetesDetectorSettings(dry, "ns").enforcement.backend).toBe("dry-run");
  });

  it("points at the Nginx pods' kubelet logs, a pattern the detector cannot follow yet", () => {
    expect(kubernetesDetectorSettings(manifest, "swiftdeploy-api").logPath).toBe(
      "/var/log/pods/swiftdeploy-api_proxy-*/nginx/*.log",
    );
  });
});

describe("renderDetectorConfigMap", () => {
  it("holds detector.json under a content-derived name", () => {
    const map = renderDetectorConfigMap(manifest, "ns-detector", "ns");
    expect(map.metadata.name).toMatch(/^detector-config-[0-9a-f]{10}$/);
    expect(JSON.parse(map.data["detector.json"]).enforcement.backend).toBe("nftables");
  });
});

describe("renderDetectorDaemonSet", () => {
  const ds = renderDetectorDaemonSet(manifest, {
    namespace: "ns-detector",
    configMapName: "detector-config-x",
    image: "sha256:d",
    imageName: "swiftdeploy/detector:0.1.0",
    webhook: true,
  });
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];

  it("runs on the edge nodes' host network", () => {
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe("ClusterFirstWithHostNet");
    expect(pod.nodeSelector).toEqual({ "swiftdeploy.dev/edge": "true" });
  });

  it("adds NET_ADMIN and nothing else, without privilege or escalation", () => {
    expect(container?.securityContext).toMatchObject({
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] },
    });
  });

  it("mounts the kubelet's pod logs read-only, and no other host path", () => {
    expect(pod.volumes.filter((v) => "hostPath" in v)).toEqual([
      { name: "pod-logs", hostPath: { path: "/var/log/pods", type: "Directory" } },
    ]);
    expect(container?.volumeMounts).toContainEqual({
      name: "pod-logs",
      mountPath: "/var/log/pods",
      readOnly: true,
    });
  });

  it("reads the webhook URL from its Secret, and none without a webhook", () => {
    expect(container?.env).toEqual([
      {
        name: "SWIFTDEPLOY_ALERT_WEBHOOK_URL",
        valueFrom: { secretKeyRef: { name: "alert-webhook", key: "url" } },
      },
    ]);
    const without = renderDetectorDaemonSet(manifest, {
      namespace: "n",
      configMapName: "c",
      image: "i",
      imageName: "i",
      webhook: false,
    });
    expect(without.spec.template.spec.containers[0]?.env).toEqual([]);
  });
});
