import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import { renderOpaConfigMap, renderOpaDeployment } from "./render/opa-workload";

/** Arguments of {@link KubernetesPolicyServer}. */
export interface KubernetesPolicyServerArgs {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly image: string;
  readonly imageName: string;
  /** Rego modules by file name (the runtime policies, without their tests). */
  readonly policies: Readonly<Record<string, string>>;
}

/**
 * OPA with the runtime policies and the manifest's thresholds, on its pod's loopback: no Service,
 * no route from the pod network (the deploy gate reaches it by port-forward). A policy or threshold
 * change is a new ConfigMap and so a new pod, ready with the new data before the gate asks it.
 */
export class KubernetesPolicyServer extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;

  constructor(
    name: string,
    args: KubernetesPolicyServerArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("swiftdeploy:kubernetes:PolicyServer", name, {}, opts);
    const rendered = renderOpaConfigMap(args.manifest, args.namespace, args.policies);
    const config = new k8s.core.v1.ConfigMap(`${name}-policies`, rendered, { parent: this });
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      renderOpaDeployment(args.manifest, {
        namespace: args.namespace,
        configMapName: rendered.metadata.name,
        image: args.image,
        imageName: args.imageName,
      }),
      { parent: this, dependsOn: [config] },
    );
    this.registerOutputs({ deployment: this.deployment.metadata.name });
  }
}
