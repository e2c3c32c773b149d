import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import { afterGate } from "./after-gate";

/** Where the API image is built from; resolved by the entry point (paths are the program's business). */
export interface ApiBuildSource {
  /** Folder holding the bundled server (dist/api). */
  readonly context: string;
  /** The API's Dockerfile (api/Dockerfile). */
  readonly dockerfile: string;
}

/** Arguments of {@link ApiImage}. */
export interface ApiImageArgs {
  readonly manifest: Manifest;
  readonly version: string;
  readonly source: ApiBuildSource;
  /** Resolves to "allowed" once OPA's deploy gate said yes: nothing is built on the host before. */
  readonly deployGate: pulumi.Input<string>;
}

/** The image name for a version: the manifest's own image (legacy form) or `<service>:<version>`. */
export function apiImageName(manifest: Pick<Manifest, "service">, version: string): string {
  return manifest.service.image ?? `${manifest.service.name}:${version}`;
}

/** The API image for one version, built on the Docker host from the bundled sources, never pushed. */
export class ApiImage extends pulumi.ComponentResource {
  readonly image: docker.Image;

  constructor(name: string, args: ApiImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:ApiImage", name, {}, opts);
    this.image = new docker.Image(
      `${name}-build`,
      {
        imageName: apiImageName(args.manifest, args.version),
        skipPush: true,
        build: {
          context: args.source.context,
          dockerfile: args.source.dockerfile,
          args: { BASE_IMAGE: args.manifest.images.base, APP_VERSION: args.version },
        },
      },
      { parent: this, dependsOn: afterGate(args.deployGate) },
    );
    this.registerOutputs({ repoDigest: this.image.repoDigest });
  }
}
