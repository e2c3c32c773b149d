import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../../core/manifest";
import type { KubernetesDeployGateArgs } from "../../../components/kubernetes/deploy-gate";
import { KubernetesStack } from "../../../components/kubernetes/kubernetes-stack";
import { registeredResources } from "../pulumi/pulumi-mocks";

/** Fake kubeconfig content: the tests check it never leaves the program unmarked. */
export const TEST_KUBECONFIG =
  "apiVersion: v1\nkind: Config\nusers: [{name: admin, user: {token: t0k3n}}]\n";

/** Pinned test image references, one per image. */
export const TEST_IMAGES = {
  nginx: { name: "swiftdeploy/nginx:bookworm", pinned: `sha256:${"1".repeat(64)}` },
  opa: { name: "swiftdeploy/opa:1.22.2", pinned: `sha256:${"2".repeat(64)}` },
  detector: { name: "swiftdeploy/detector:dev", pinned: `sha256:${"3".repeat(64)}` },
  api: {
    "1.0.0": { name: "api:1.0.0", pinned: `sha256:${"4".repeat(64)}` },
    "1.1.0": { name: "api:1.1.0", pinned: `sha256:${"5".repeat(64)}` },
  },
};

/** Registers the Kubernetes stack under mocks; the gate is a twin that records its arguments and allows. */
export function kubernetesStackResources(
  manifest: Manifest,
  options: { webhookUrl?: string; gateCalls?: KubernetesDeployGateArgs[]; nodePort?: number } = {},
) {
  return registeredResources(() => {
    new KubernetesStack("swiftdeploy", {
      manifest,
      kubeconfig: pulumi.secret(TEST_KUBECONFIG),
      nodePort: options.nodePort,
      images: TEST_IMAGES,
      policies: { "infrastructure.rego": "package swiftdeploy.infrastructure\n" },
      chaosToken: pulumi.secret("chaos-token-value"),
      webhookUrl: options.webhookUrl === undefined ? undefined : pulumi.secret(options.webhookUrl),
      kubectl: "kubectl",
      gate: (args) => {
        options.gateCalls?.push(args);
        return pulumi.output(args.opaReady).apply(() => "allowed");
      },
    });
  });
}
