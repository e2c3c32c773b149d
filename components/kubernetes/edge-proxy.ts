import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import {
  renderProxyConfigMap,
  renderProxyDaemonSet,
  renderProxyService,
} from "./render/proxy-workload";

/** Arguments of {@link EdgeProxy}. */
export interface EdgeProxyArgs {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly image: string;
  readonly imageName: string;
  readonly nodePort?: number;
  /** The API Services Nginx resolves at start: they must exist before it. */
  readonly upstreams: readonly pulumi.Resource[];
}

/**
 * Nginx on the edge nodes and the NodePort that is the stack's only public entry. A new nginx.conf
 * (a canary shift, a promotion) is a new ConfigMap, which rolls the DaemonSet pod by pod, each new
 * pod ready before the old one stops.
 */
export class EdgeProxy extends pulumi.ComponentResource {
  readonly daemonSet: k8s.apps.v1.DaemonSet;
  readonly service: k8s.core.v1.Service;
  /** The NodePort, on every edge node. */
  readonly nodePort: pulumi.Output<number>;

  constructor(name: string, args: EdgeProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:kubernetes:EdgeProxy", name, {}, opts);
    const rendered = renderProxyConfigMap(args.manifest, args.namespace);
    const config = new k8s.core.v1.ConfigMap(`${name}-config`, rendered, { parent: this });
    this.daemonSet = new k8s.apps.v1.DaemonSet(
      `${name}-daemonset`,
      renderProxyDaemonSet(args.manifest, {
        namespace: args.namespace,
        configMapName: rendered.metadata.name,
        image: args.image,
        imageName: args.imageName,
      }),
      { parent: this, dependsOn: [config, ...args.upstreams] },
    );
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      renderProxyService(args.manifest, args.namespace, args.nodePort),
      { parent: this, dependsOn: [this.daemonSet] },
    );
    this.nodePort = this.service.spec.ports.apply((ports) => ports[0]?.nodePort ?? 0);
    this.registerOutputs({ nodePort: this.nodePort });
  }
}
