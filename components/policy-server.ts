import type * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import { OPA_ALIAS, type HostPaths } from "./naming";
import { opaContainerArgs, opaDataFile } from "./render/opa-container";
import { remoteFile, shellQuote } from "./remote-file";

/** Arguments of {@link PolicyServer}. */
export interface PolicyServerArgs {
  readonly manifest: Manifest;
  readonly paths: HostPaths;
  readonly connection: command.types.input.remote.ConnectionArgs;
  readonly privateNetwork: pulumi.Input<string>;
  /** Rego modules by file name (the runtime policies, without their tests). */
  readonly policies: Readonly<Record<string, string>>;
}

/**
 * OPA on the private network only, serving the runtime policies with the manifest's thresholds as
 * its data document. Policy or threshold changes rewrite the files; `--watch` reloads them in place.
 */
export class PolicyServer extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: PolicyServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:PolicyServer", name, {}, opts);
    const { paths, connection } = args;
    const files = {
      ...args.policies,
      "data.json": opaDataFile(args.manifest),
    };
    const writes = Object.entries(files).map(([file, content]) =>
      remoteFile(
        `${name}-file-${file.replace(/[^a-zA-Z0-9-]/g, "-")}`,
        { connection, path: `${paths.opaDir}/${file}`, content, mode: "0644" },
        { parent: this },
      ),
    );
    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.manifest.images.opa, keepLocally: true },
      { parent: this },
    );
    const { labels, ...spec } = opaContainerArgs(args.manifest, paths);
    this.container = new docker.Container(
      `${name}-container`,
      {
        ...spec,
        labels,
        image: image.imageId,
        networksAdvanced: [{ name: args.privateNetwork, aliases: [OPA_ALIAS] }],
      },
      { parent: this, dependsOn: writes },
    );
    this.containerName = this.container.name;
    this.registerOutputs({ containerName: this.containerName, dir: shellQuote(paths.opaDir) });
  }
}
