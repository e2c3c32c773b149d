import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import { renderDetectorConfigMap, renderDetectorDaemonSet } from "./render/detector-workload";
import { alertWebhookSecret } from "./render/secrets";

/** Arguments of {@link EdgeDetector}. */
export interface EdgeDetectorArgs {
  readonly manifest: Manifest;
  /** The detector's own namespace (Pod Security `privileged`: host network, NET_ADMIN). */
  readonly namespace: string;
  /** The application's namespace, whose Nginx pods it watches. */
  readonly appNamespace: string;
  readonly image: string;
  readonly imageName: string;
  /** The alert webhook URL (a Pulumi secret), when alerts are configured. */
  readonly webhookUrl?: pulumi.Input<string>;
}

/**
 * The detector as a DaemonSet on the edge nodes, banning in each node's kernel. Not yet able to
 * read Nginx's log on Kubernetes nor to share bans between nodes (docs/kubernetes.md).
 */
export class EdgeDetector extends pulumi.ComponentResource {
  readonly daemonSet: k8s.apps.v1.DaemonSet;

  constructor(name: string, args: EdgeDetectorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:kubernetes:EdgeDetector", name, {}, opts);
    const rendered = renderDetectorConfigMap(args.manifest, args.namespace, args.appNamespace);
    const config = new k8s.core.v1.ConfigMap(`${name}-config`, rendered, { parent: this });
    const dependsOn: pulumi.Resource[] = [config];
    if (args.webhookUrl !== undefined) {
      const { key, ...secret } = alertWebhookSecret(args.manifest, args.namespace);
      dependsOn.push(
        new k8s.core.v1.Secret(
          `${name}-webhook`,
          { ...secret, stringData: { [key]: pulumi.secret(args.webhookUrl) } },
          { parent: this },
        ),
      );
    }
    this.daemonSet = new k8s.apps.v1.DaemonSet(
      `${name}-daemonset`,
      renderDetectorDaemonSet(args.manifest, {
        namespace: args.namespace,
        configMapName: rendered.metadata.name,
        image: args.image,
        imageName: args.imageName,
        webhook: args.webhookUrl !== undefined,
      }),
      { parent: this, dependsOn },
    );
    this.registerOutputs({ daemonSet: this.daemonSet.metadata.name });
  }
}
