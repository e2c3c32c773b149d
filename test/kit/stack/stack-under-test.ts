import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../../core/manifest";
import { SwiftDeployStack } from "../../../components/swiftdeploy-stack";
import { registeredResources } from "../pulumi/pulumi-mocks";

/** Fake key content: the tests check it never leaves the program unmarked. */
export const TEST_PRIVATE_KEY =
  "-----BEGIN OPENSSH PRIVATE KEY-----\ntest\n-----END OPENSSH PRIVATE KEY-----";

/** A deploy gate twin: what the gate output resolves to (or rejects with). */
export type GateTwin = () => pulumi.Output<string>;

/** What a test varies in the stack's arguments. */
export interface StackVariant {
  readonly webhookUrl?: string;
  /** Default: a twin that allows at once. */
  readonly gate?: GateTwin;
  /** The key file the program wrote from the secret key, if it did. */
  readonly writtenKeyFile?: string;
}

/** Registers the whole stack for a manifest under mocks; the deploy gate is a twin that allows. */
export function stackResources(manifest: Manifest, variant: StackVariant = {}) {
  const { webhookUrl, gate = () => pulumi.output("allowed"), writtenKeyFile } = variant;
  return registeredResources(() => {
    const privateKey = pulumi.secret(TEST_PRIVATE_KEY);
    new SwiftDeployStack("swiftdeploy", {
      manifest,
      access: {
        connection: { host: manifest.host.address, user: manifest.host.user, privateKey },
        dockerHost: `ssh://${manifest.host.user}@${manifest.host.address}:22`,
        sshOpts: ["-i", writtenKeyFile ?? "/keys/test"],
        writtenKeyFile,
        sshTarget: privateKey.apply((k) => ({
          host: manifest.host.address,
          port: 22,
          user: "root",
          privateKey: k,
        })),
      },
      apiSource: { context: "/repo/dist/api", dockerfile: "/repo/api/Dockerfile" },
      detector: {
        bundle: "/repo/dist/detector/swiftdeploy-detector.js",
        bundleHash: "abc123",
        nodeBinary: "/cache/node",
        nodeVersion: "v22.23.3",
      },
      policies: { "infrastructure.rego": "package swiftdeploy.infrastructure\n" },
      chaosToken: pulumi.secret("chaos-token-value"),
      webhookUrl: webhookUrl === undefined ? undefined : pulumi.secret(webhookUrl),
      gate,
      operatorAddresses: () => pulumi.output(["192.0.2.50"]),
    });
  });
}
