import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { Manifest } from "../core/manifest";
import { AccessLogRotation } from "./access-log-rotation";
import { ApiImage, type ApiBuildSource } from "./api-image";
import { ApiService } from "./api-service";
import { deployGate, type DeployGateArgs } from "./deploy-gate";
import { DetectorHost, type DetectorArtifacts } from "./detector-host";
import { hostDirectories } from "./host-directories";
import { dashboardEndpoint, hostPaths } from "./naming";
import { operatorAddresses } from "./operator-address";
import { PolicyServer } from "./policy-server";
import { PrivateNetwork } from "./private-network";
import { Proxy } from "./proxy";
import { versionsByTrack } from "./render/api-container";
import { renderOpaData } from "./render/opa-data";
import { shellQuote } from "./remote-file";
import type { SshTarget } from "./ssh-session";

/** How the stack reaches the Docker host. */
export interface HostAccess {
  /** For remote commands (@pulumi/command); its private key is a secret. */
  readonly connection: command.types.input.remote.ConnectionArgs;
  /** For the Docker provider: `ssh://user@host:port`. */
  readonly dockerHost: string;
  /** Extra ssh options for the Docker CLI (identity file, host key checking). */
  readonly sshOpts: pulumi.Input<string[]>;
  /** For the deploy gate's own SSH session. */
  readonly sshTarget: pulumi.Input<SshTarget>;
  /** A key file the program wrote from the secret key (the Docker CLI reads keys from files only). */
  readonly writtenKeyFile?: string;
}

/** Arguments of {@link SwiftDeployStack}. */
export interface SwiftDeployStackArgs {
  readonly manifest: Manifest;
  readonly access: HostAccess;
  readonly apiSource: ApiBuildSource;
  readonly detector: DetectorArtifacts;
  /** Runtime Rego modules by file name. */
  readonly policies: Readonly<Record<string, string>>;
  readonly chaosToken: pulumi.Input<string>;
  readonly webhookUrl?: pulumi.Input<string>;
  /** How the operators' addresses are learnt; the real one asks the host over SSH (tests pass a twin). */
  readonly operatorAddresses?: (
    target: pulumi.Input<SshTarget>,
    operatorsFile: string,
  ) => pulumi.Output<string[]>;
  /** The deploy gate; the real one asks OPA over SSH (tests pass a recording twin). */
  readonly gate?: (args: DeployGateArgs) => pulumi.Output<string>;
}

/** The dashboard's loopback address on the host and the SSH command that reaches it. */
export function dashboardAddress(manifest: Manifest): string {
  const { bindAddress, port } = dashboardEndpoint(manifest);
  const { user, address } = manifest.host;
  return `http://${bindAddress}:${port}/ on ${address} (ssh -L ${port}:${bindAddress}:${port} ${user}@${address})`;
}

/** An output record from named outputs. */
function outputRecord(
  entries: readonly (readonly [string, pulumi.Output<string>])[],
): pulumi.Output<Record<string, string>> {
  return pulumi
    .all(entries.map(([, value]) => value))
    .apply((values) => Object.fromEntries(values.map((v, i) => [entries[i]?.[0] ?? "", v])));
}

/**
 * The whole stack on one Docker host: networks, OPA and its deploy gate, the API (stable and an
 * optional canary), Nginx in front, and the detector on the host.
 */
export class SwiftDeployStack extends pulumi.ComponentResource {
  readonly publicUrl: pulumi.Output<string>;
  readonly images: pulumi.Output<Record<string, string>>;
  readonly containers: pulumi.Output<Record<string, string>>;
  readonly detectorUnitState: pulumi.Output<string>;
  /** Where the detector's dashboard answers on the host (loopback only; reach it through SSH). */
  readonly dashboard: pulumi.Output<string>;

  constructor(name: string, args: SwiftDeployStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("swiftdeploy:index:Stack", name, {}, opts);
    const { manifest, access } = args;
    const paths = hostPaths(manifest.service.name);
    // The Docker provider reads the written key file until its last delete: the file goes after it.
    const keyFileCleanup =
      access.writtenKeyFile === undefined
        ? []
        : [
            new command.local.Command(
              `${name}-key-file-cleanup`,
              { delete: `rm -f ${shellQuote(access.writtenKeyFile)}` },
              { parent: this },
            ),
          ];
    const dockerHost = new docker.Provider(
      `${name}-docker-host`,
      { host: access.dockerHost, sshOpts: access.sshOpts },
      { parent: this, dependsOn: keyFileCleanup },
    );
    const inHost = { parent: this, providers: { docker: dockerHost } };
    const dirs = hostDirectories(`${name}-dirs`, access.connection, paths, { parent: this });
    const network = new PrivateNetwork(`${name}-network`, { network: manifest.network }, inHost);
    const policy = new PolicyServer(
      `${name}-opa`,
      {
        manifest,
        paths,
        connection: access.connection,
        privateNetwork: network.private.name,
        policies: args.policies,
      },
      { ...inHost, dependsOn: [dirs] },
    );
    const gate = (args.gate ?? deployGate)({
      target: access.sshTarget,
      opaContainerName: policy.containerName,
      opaContainerId: policy.container.id,
      expectedData: renderOpaData(manifest.policy),
    });

    const tracks = versionsByTrack(manifest);
    const images = new Map<string, ApiImage>();
    for (const [, version] of tracks) {
      if (!images.has(version)) {
        images.set(
          version,
          new ApiImage(
            `${name}-api-${version}`,
            { manifest, version, source: args.apiSource, deployGate: gate },
            inHost,
          ),
        );
      }
    }
    const services = tracks.map(
      ([track, version]) =>
        new ApiService(
          `${name}-api-${track}`,
          {
            manifest,
            track,
            version,
            image: (images.get(version) as ApiImage).image,
            privateNetwork: network.private.name,
            chaosToken: args.chaosToken,
            deployGate: gate,
          },
          inHost,
        ),
    );
    const proxy = new Proxy(
      `${name}-proxy`,
      {
        manifest,
        paths,
        connection: access.connection,
        privateNetwork: network.private.name,
        edgeNetwork: network.edge.name,
        upstreams: services.map((s) => s.container),
        deployGate: gate,
      },
      { ...inHost, dependsOn: [dirs] },
    );
    new AccessLogRotation(
      `${name}-log-rotation`,
      { manifest, paths, connection: access.connection },
      { parent: this, dependsOn: [dirs, proxy] },
    );
    const detector = new DetectorHost(
      `${name}-detector`,
      {
        manifest,
        paths,
        connection: access.connection,
        artifacts: args.detector,
        webhookUrl: args.webhookUrl,
        operatorAddresses: (args.operatorAddresses ?? operatorAddresses)(
          access.sshTarget,
          paths.operatorsFile,
        ),
        deployGate: gate,
      },
      { parent: this, dependsOn: [dirs, proxy] },
    );

    this.publicUrl = pulumi.output(`http://${manifest.host.address}:${manifest.proxy.publicPort}/`);
    this.images = outputRecord(
      [...images].map(([version, image]) => [version, image.image.repoDigest]),
    );
    this.containers = outputRecord([
      ["proxy", proxy.containerName],
      ["opa", policy.containerName],
      ...services.map((s, i): [string, pulumi.Output<string>] => [
        tracks[i]?.[0] ?? "api",
        s.containerName,
      ]),
    ]);
    this.detectorUnitState = detector.unitState;
    this.dashboard = pulumi.output(dashboardAddress(manifest));
    this.registerOutputs({
      dashboard: this.dashboard,
      publicUrl: this.publicUrl,
      images: this.images,
      containers: this.containers,
      detectorUnitState: this.detectorUnitState,
    });
  }
}
