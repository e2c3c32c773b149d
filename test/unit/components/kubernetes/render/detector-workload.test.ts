import { describe, expect, it } from "vitest";
import {
  kubernetesDetectorSettings,
  renderDetectorConfigMap,
  renderDetectorDaemonSet,
} from "../../../../../components/kubernetes/render/detector-workload";
import { renderBanList } from "../../../../../components/kubernetes/render/ban-list";
import { hostPaths } from "../../../../../components/naming";
import { detectorConfig } from "../../../../../components/render/detector-config";
import { NftEnforcer } from "../../../../../detector/enforce/nft-enforcer";
import { RecordingRunner } from "../../../../../detector/enforce/recording-runner";
import { manifestWith } from "../../../../kit/manifest";

const manifest = manifestWith({});

describe("kubernetesDetectorSettings", () => {
  it("bans in its own nftables table (forward hook too), never in DOCKER-USER", () => {
    const settings = kubernetesDetectorSettings(manifest, "swiftdeploy-api", ["192.0.2.9"]);
    expect(settings.enforcement.backend).toBe("nftables");
    // `dockerUser` is the forward hook for the nftables backend: NodePort traffic is DNATed to a
    // pod and never crosses INPUT, so without it a ban drops nothing from outside.
    expect(settings.enforcement.chains).toEqual({ dockerUser: true, input: true });
    expect(settings.allowlist).toContain("192.0.2.9");
    expect(settings.stateDir).toBe("/var/lib/swiftdeploy/detector");
  });

  it("sets up a forward-hook chain, which drops NodePort traffic from a banned client", async () => {
    const settings = kubernetesDetectorSettings(manifest, "swiftdeploy-api");
    const runner = new RecordingRunner((argv) =>
      argv.includes("-j") ? { stdout: '{"nftables":[]}' } : undefined,
    );
    await new NftEnforcer(settings.enforcement, runner).setup();
    const script = runner.commands.map((c) => c.stdin ?? "").join("\n");
    expect(script).toMatch(/add chain inet swiftdeploy forward \{ type filter hook forward/);
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

  it("reads the webhook URL from its Secret, and none without a webhook; its node's name always", () => {
    const nodeName = { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } };
    expect(container?.env).toEqual([
      nodeName,
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
    expect(without.spec.template.spec.containers[0]?.env).toEqual([nodeName]);
  });

  it("is the one pod with an API token: its own service account, for the shared ban list", () => {
    expect(pod.serviceAccountName).toBe("detector");
    expect(pod.automountServiceAccountToken).toBe(true);
  });
});

describe("the shared ban list on Kubernetes", () => {
  it("is on in the detector's settings, in its own namespace, named as the Role allows", () => {
    const settings = kubernetesDetectorSettings(manifest, "swiftdeploy-api");
    expect(settings.sharedBans).toEqual({
      kind: "kubernetes-configmap",
      name: "swiftdeploy-bans",
      timeoutMs: 5000,
    });
  });

  it("is left out of the docker target's detector.json", () => {
    const docker = detectorConfig(manifest, hostPaths(manifest.service.name));
    expect("sharedBans" in docker).toBe(false);
  });

  it("lets the detector's service account read, watch and update that one ConfigMap only", () => {
    const objects = renderBanList(manifest, "ns-detector");
    expect(objects.configMap.metadata).toMatchObject({
      name: "swiftdeploy-bans",
      namespace: "ns-detector",
    });
    expect("data" in objects.configMap).toBe(false);
    expect(objects.role.rules).toEqual([
      {
        apiGroups: [""],
        resources: ["configmaps"],
        resourceNames: ["swiftdeploy-bans"],
        verbs: ["get", "list", "watch", "update", "patch"],
      },
    ]);
    expect(objects.roleBinding.subjects).toEqual([
      { kind: "ServiceAccount", name: "detector", namespace: "ns-detector" },
    ]);
    expect(objects.roleBinding.roleRef.name).toBe(objects.role.metadata.name);
    expect(objects.serviceAccount.automountServiceAccountToken).toBe(false);
  });
});
