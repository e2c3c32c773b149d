import { describe, expect, it } from "vitest";
import type { KubernetesDeployGateArgs } from "../../../../components/kubernetes/deploy-gate";
import { KubernetesStack } from "../../../../components/kubernetes/kubernetes-stack";
import { manifestWith } from "../../../kit/manifest";
import { named, ofType, type RegisteredResource } from "../../../kit/pulumi/pulumi-mocks";
import {
  kubernetesStackResources,
  TEST_KUBECONFIG,
} from "../../../kit/stack/kubernetes-stack-under-test";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
const SERVICE = "kubernetes:core/v1:Service";
const CONFIGMAP = "kubernetes:core/v1:ConfigMap";
const SECRET = "kubernetes:core/v1:Secret";
const NAMESPACE = "kubernetes:core/v1:Namespace";

const withCanary = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
});
const stableOnly = manifestWith({});

type Meta = { name: string; namespace?: string; labels?: Record<string, string> };
const meta = (r: RegisteredResource) => r.inputs.metadata as Meta;
const namesOf = (rs: RegisteredResource[]) => rs.map((r) => meta(r).name).sort();

describe("the Kubernetes stack's resource graph", () => {
  it.each([
    [
      "a canary",
      withCanary,
      ["api-canary", "api-stable", "opa"],
      ["api-canary", "api-stable", "proxy"],
    ],
    ["no canary", stableOnly, ["api-stable", "opa"], ["api-stable", "proxy"]],
  ])("with %s runs exactly its workloads", async (_, manifest, deployments, services) => {
    const resources = await kubernetesStackResources(manifest);
    expect(namesOf(ofType(resources, DEPLOYMENT))).toEqual(deployments);
    expect(namesOf(ofType(resources, DAEMONSET))).toEqual(["detector", "proxy"]);
    expect(namesOf(ofType(resources, SERVICE))).toEqual(services);
  });

  it("exposes Nginx alone, as a NodePort keeping client addresses", async () => {
    const services = ofType(
      await kubernetesStackResources(withCanary, { nodePort: 30080 }),
      SERVICE,
    );
    const exposed = services.filter(
      (s) => (s.inputs.spec as { type: string }).type !== "ClusterIP",
    );
    expect(exposed.map((s) => meta(s).name)).toEqual(["proxy"]);
    expect(exposed[0]?.inputs.spec).toMatchObject({
      type: "NodePort",
      externalTrafficPolicy: "Local",
      ports: [{ port: 8080, nodePort: 30080 }],
    });
  });

  it("mounts the nginx.conf that splits by the canary's weight", async () => {
    const resources = await kubernetesStackResources(withCanary);
    const config = ofType(resources, CONFIGMAP).find((c) =>
      meta(c).name.startsWith("proxy-config-"),
    );
    const conf = (config?.inputs.data as Record<string, string>)["nginx.conf"];
    expect(conf).toContain("server api-stable:3000 weight=90 max_fails=0;");
    expect(conf).toContain("server api-canary:3000 weight=10 max_fails=0;");
    const proxy = named(resources, "-proxy-daemonset");
    const volumes = (proxy.inputs.spec as { template: { spec: { volumes: unknown[] } } }).template
      .spec.volumes;
    expect(volumes).toContainEqual({
      name: "config",
      configMap: { name: meta(config as RegisteredResource).name },
    });
  });

  it("puts the application in a restricted namespace and the detector in its own", async () => {
    const namespaces = ofType(await kubernetesStackResources(stableOnly), NAMESPACE).map((n) => [
      meta(n).name,
      meta(n).labels?.["pod-security.kubernetes.io/enforce"],
    ]);
    expect(namespaces.sort()).toEqual([
      ["swiftdeploy-api", "restricted"],
      ["swiftdeploy-api-detector", "privileged"],
    ]);
    const detector = named(await kubernetesStackResources(stableOnly), "-detector-daemonset");
    expect(meta(detector).namespace).toBe("swiftdeploy-api-detector");
  });

  it("creates the four NetworkPolicies in the application's namespace", async () => {
    const policies = ofType(
      await kubernetesStackResources(stableOnly),
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    );
    expect(namesOf(policies)).toEqual([
      "api-from-proxy-only",
      "default-deny-ingress",
      "opa-no-network-ingress",
      "proxy-from-anywhere",
    ]);
  });

  it("starts the API only after the deploy gate allowed it, and gates on OPA's Deployment", async () => {
    const gateCalls: KubernetesDeployGateArgs[] = [];
    const resources = await kubernetesStackResources(stableOnly, { gateCalls });
    const api = named(resources, "-api-stable-deployment");
    const annotations = (api.inputs.spec as { template: { metadata: { annotations: unknown } } })
      .template.metadata.annotations;
    expect(annotations).toEqual({
      "swiftdeploy.dev/image": "api:1.0.0",
      "swiftdeploy.dev/deploy-gate": "allowed",
    });
    expect(gateCalls).toHaveLength(1);
    expect(gateCalls[0]).toMatchObject({
      namespace: "swiftdeploy-api",
      opaSelector: "app.kubernetes.io/name=api,dev.swiftdeploy.role=opa",
      kubectl: "kubectl",
    });
    expect(gateCalls[0]?.expectedData.thresholds.deploy.max_load_per_cpu).toBe(2);
  });

  it("keeps the kubeconfig, the chaos token and the webhook URL secret", async () => {
    const resources = await kubernetesStackResources(withCanary, {
      webhookUrl: "https://hooks.example.test/abc",
    });
    const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes");
    expect(provider?.inputs.kubeconfig).toBe(TEST_KUBECONFIG);
    expect(provider?.secretInputs.has("kubeconfig")).toBe(true);
    const secrets = ofType(resources, SECRET);
    expect(
      secrets.map((s) => [meta(s).name, s.inputs.stringData, s.secretInputs.has("stringData")]),
    ).toEqual([
      ["chaos-token", { token: "chaos-token-value" }, true],
      ["alert-webhook", { url: "https://hooks.example.test/abc" }, true],
    ]);
    for (const resource of resources) {
      if (resource.type === SECRET || resource.type === "pulumi:providers:kubernetes") continue;
      const text = JSON.stringify(resource.inputs);
      expect(text).not.toContain("chaos-token-value");
      expect(text).not.toContain("hooks.example.test");
      expect(text).not.toContain("t0k3n");
    }
  });

  it("runs every image by its pinned reference, never pulling", async () => {
    const resources = await kubernetesStackResources(withCanary);
    for (const workload of [...ofType(resources, DEPLOYMENT), ...ofType(resources, DAEMONSET)]) {
      const containers = (
        workload.inputs.spec as {
          template: { spec: { containers: { image: string; imagePullPolicy: string }[] } };
        }
      ).template.spec.containers;
      for (const c of containers) {
        expect(c.image).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(c.imagePullPolicy).toBe("IfNotPresent");
      }
    }
  });

  it("refuses trusted proxies before creating anything", () => {
    const manifest = manifestWith({ proxy: { trustedProxies: ["10.0.0.0/8"] } });
    expect(() => new KubernetesStack("s", { manifest } as never)).toThrow(
      "proxy.trustedProxies is not supported on the kubernetes target yet",
    );
  });
});
