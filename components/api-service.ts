import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import { afterGate } from "./after-gate";
import { apiContainerArgs } from "./render/api-container";
import type { Track } from "../core/track";

/** Arguments of {@link ApiService}. */
export interface ApiServiceArgs {
  readonly manifest: Manifest;
  readonly track: Track;
  readonly version: string;
  /** The API image of this track's version. */
  readonly image: docker.Image;
  readonly privateNetwork: pulumi.Input<string>;
  /** Bearer token POST /chaos requires (a Pulumi secret); given to the canary only. */
  readonly chaosToken: pulumi.Input<string>;
  /** Resolves to "allowed" only once OPA's deploy gate said yes: the container waits for it. */
  readonly deployGate: pulumi.Input<string>;
}

/** One API container (stable or canary) on the private network, reachable by its track's alias. */
export class ApiService extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: ApiServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:ApiService", name, {}, opts);
    const { networkAlias, envs, labels, ...spec } = apiContainerArgs(
      args.manifest,
      args.track,
      args.version,
    );
    this.container = new docker.Container(
      `${name}-container`,
      {
        ...spec,
        image: args.image.repoDigest,
        networksAdvanced: [{ name: args.privateNetwork, aliases: [networkAlias] }],
        // Only the canary takes chaos; the stable container never holds the token.
        envs:
          args.track === "canary"
            ? pulumi.secret(args.chaosToken).apply((token) => [...envs, `CHAOS_TOKEN=${token}`])
            : envs,
        labels: pulumi
          .output(args.deployGate)
          .apply((gate) => [...labels, { label: "dev.swiftdeploy.deploy-gate", value: gate }]),
      },
      { parent: this, dependsOn: afterGate(args.deployGate) },
    );
    this.containerName = this.container.name;
    this.registerOutputs({ containerName: this.containerName });
  }
}
