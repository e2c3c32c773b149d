import type * as command from "@pulumi/command";
import * as commandPkg from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import { afterGate } from "./after-gate";
import type { HostPaths } from "./naming";
import { PROXY_CONFIG_DIR, proxyConfig, proxyContainerArgs } from "./render/proxy-container";
import { contentHash, remoteFile, shellQuote } from "./remote-file";

/** Arguments of {@link Proxy}. */
export interface ProxyArgs {
  readonly manifest: Manifest;
  readonly paths: HostPaths;
  readonly connection: command.types.input.remote.ConnectionArgs;
  readonly privateNetwork: pulumi.Input<string>;
  readonly edgeNetwork: pulumi.Input<string>;
  /** The API containers Nginx sends traffic to: it must start after them and reload when they change. */
  readonly upstreams: readonly docker.Container[];
  /** Resolves to "allowed" once OPA's deploy gate said yes: nothing is written to the host before. */
  readonly deployGate: pulumi.Input<string>;
}

/**
 * Nginx, the only published port. Its config is written on the host and bind-mounted; a change of
 * config or of an upstream container reloads Nginx in place (`nginx -s reload`) instead of replacing
 * the container, so the public port never goes away during a canary shift or a promotion.
 */
export class Proxy extends pulumi.ComponentResource {
  readonly container: docker.Container;
  readonly containerName: pulumi.Output<string>;

  constructor(name: string, args: ProxyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:Proxy", name, {}, opts);
    const { paths, connection } = args;
    const config = proxyConfig(args.manifest, paths);
    const gated = { parent: this, dependsOn: afterGate(args.deployGate) };
    const configFile = remoteFile(
      `${name}-config`,
      { connection, path: `${paths.nginxDir}/nginx.conf`, content: config, mode: "0644" },
      gated,
    );
    const image = new docker.RemoteImage(
      `${name}-image`,
      { name: args.manifest.images.nginx, keepLocally: true },
      gated,
    );
    const { labels, ...spec } = proxyContainerArgs(args.manifest, paths);
    this.container = new docker.Container(
      `${name}-container`,
      {
        ...spec,
        labels,
        image: image.imageId,
        networksAdvanced: [{ name: args.edgeNetwork }, { name: args.privateNetwork }],
      },
      // A fixed name and published port cannot exist twice: replace by delete-then-create.
      {
        parent: this,
        dependsOn: afterGate(args.deployGate, configFile, ...args.upstreams),
        deleteBeforeReplace: true,
      },
    );
    new commandPkg.remote.Command(
      `${name}-reload`,
      {
        connection,
        create: pulumi.interpolate`docker exec ${this.container.name} nginx -t -q -c ${PROXY_CONFIG_DIR}/nginx.conf && docker exec ${this.container.name} nginx -s reload -c ${PROXY_CONFIG_DIR}/nginx.conf`,
        triggers: [contentHash(config), ...args.upstreams.map((c) => c.id)],
        logging: "stderr",
      },
      { parent: this, dependsOn: afterGate(args.deployGate, this.container, configFile) },
    );
    this.containerName = this.container.name;
    this.registerOutputs({
      containerName: this.containerName,
      configDir: shellQuote(paths.nginxDir),
    });
  }
}
