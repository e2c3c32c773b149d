import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../../core/manifest";
import type { Track } from "../../core/track";
import { renderApiDeployment, renderApiService } from "./render/api-workload";

/** Annotation carrying the deploy gate's verdict: the pods wait for it, as on Docker. */
export const DEPLOY_GATE_ANNOTATION = "swiftdeploy.dev/deploy-gate";

/** Arguments of {@link ApiTrack}. */
export interface ApiTrackArgs {
  readonly manifest: Manifest;
  readonly namespace: string;
  readonly track: Track;
  readonly version: string;
  /** The pinned reference the pods run, and the manifest's name for it. */
  readonly image: string;
  readonly imageName: string;
  /** Resolves to "allowed" only once OPA's deploy gate said yes. */
  readonly deployGate: pulumi.Input<string>;
}

/** One API track (stable or canary): its Deployment and the ClusterIP Service Nginx sends to. */
export class ApiTrack extends pulumi.ComponentResource {
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service;

  constructor(name: string, args: ApiTrackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:kubernetes:ApiTrack", name, {}, opts);
    const { metadata, spec } = renderApiDeployment(args.manifest, args);
    const template = spec.template;
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata,
        spec: {
          ...spec,
          template: {
            ...template,
            metadata: {
              ...template.metadata,
              annotations: pulumi.output(args.deployGate).apply((gate) => ({
                ...template.metadata.annotations,
                [DEPLOY_GATE_ANNOTATION]: gate,
              })),
            },
          },
        },
      },
      { parent: this },
    );
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      renderApiService(args.manifest, args.namespace, args.track),
      { parent: this, dependsOn: [this.deployment] },
    );
    this.registerOutputs({ deployment: this.deployment.metadata.name });
  }
}
