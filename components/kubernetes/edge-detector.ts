import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import { renderBanList } from "./render/ban-list";
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
 * The detector as a DaemonSet on the edge nodes, banning in each node's kernel, with one ban list
 * shared by every node (a ConfigMap its service account may read, watch and update). It reads
 * Nginx's pod logs on its node (docs/kubernetes.md).
 */
export class EdgeDetector extends pulumi.ComponentResource {
  readonly daemonSet: k8s.apps.v1.DaemonSet;

  constructor(name: string, args: EdgeDetectorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:kubernetes:EdgeDetector", name, {}, opts);
    const rendered = renderDetectorConfigMap(args.manifest, args.namespace, args.appNamespace);
    const config = new k8s.core.v1.ConfigMap(`${name}-config`, rendered, { parent: this });
    const banList = renderBanList(args.manifest, args.namespace);
    const dependsOn: pulumi.Resource[] = [
      config,
      // The detectors own the list's data: a later `pulumi up` must not reset it.
      new k8s.core.v1.ConfigMap(`${name}-ban-list`, banList.configMap, {
        parent: this,
        ignoreChanges: ["data"],
      }),
      new k8s.core.v1.ServiceAccount(`${name}-account`, banList.serviceAccount, { parent: this }),
      new k8s.rbac.v1.Role(`${name}-ban-list-role`, banList.role, { parent: this }),
      new k8s.rbac.v1.RoleBinding(`${name}-ban-list-binding`, banList.roleBinding, {
        parent: this,
      }),
    ];
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
