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
import { dashboardAddress, hostPaths, type HostPaths } from "./naming";
import { operatorAddresses } from "./operator-address";
import { PolicyServer } from "./policy-server";
import { PrivateNetwork } from "./private-network";
import { Proxy } from "./proxy";
import { versionsByTrack } from "./render/api-container";
import { renderOpaData } from "./render/opa-data";
import { shellQuote } from "./remote-file";
import type { HostAccess } from "./host-access";
import type { SshTarget } from "./ssh-session";
import type { Track } from "../core/track";

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

/** An output record from named outputs. */
function outputRecord(
  entries: readonly (readonly [string, pulumi.Output<string>])[],
): pulumi.Output<Record<string, string>> {
  return pulumi
    .all(entries.map(([, value]) => value))
    .apply((values) => Object.fromEntries(values.map((v, i) => [entries[i]?.[0] ?? "", v])));
}

/** What every wiring step needs: the stack's name, the component as parent, its arguments. */
interface Wiring {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly args: SwiftDeployStackArgs;
  readonly paths: HostPaths;
}

/** Options of a resource the Docker provider on the host creates. */
type InHost = pulumi.CustomResourceOptions & pulumi.ComponentResourceOptions;

/** The Docker provider over SSH; the key file it reads is removed only after its last delete. */
function dockerProvider({ name, parent, args }: Wiring): InHost {
  const { access } = args;
  const keyFileCleanup =
    access.writtenKeyFile === undefined
      ? []
      : [
          new command.local.Command(
            `${name}-key-file-cleanup`,
            { delete: `rm -f ${shellQuote(access.writtenKeyFile)}` },
            { parent },
          ),
        ];
  const dockerHost = new docker.Provider(
    `${name}-docker-host`,
    { host: access.dockerHost, sshOpts: access.sshOpts },
    { parent, dependsOn: keyFileCleanup },
  );
  return { parent, providers: { docker: dockerHost } };
}

/** OPA with the runtime policies and the thresholds, then the deploy gate that asks it. */
function policyAndGate(w: Wiring, inHost: InHost, dirs: pulumi.Resource, network: PrivateNetwork) {
  const { manifest, access } = w.args;
  const policy = new PolicyServer(
    `${w.name}-opa`,
    {
      manifest,
      paths: w.paths,
      connection: access.connection,
      privateNetwork: network.private.name,
      policies: w.args.policies,
    },
    { ...inHost, dependsOn: [dirs] },
  );
  const gate = (w.args.gate ?? deployGate)({
    target: access.sshTarget,
    opaContainerName: policy.containerName,
    opaContainerId: policy.container.id,
    expectedData: renderOpaData(manifest.policy),
  });
  return { policy, gate };
}

/** One API image per distinct version, shared by the tracks that run it. */
function apiImages(
  w: Wiring,
  inHost: InHost,
  tracks: readonly [Track, string][],
  gate: pulumi.Output<string>,
): Map<string, ApiImage> {
  const images = new Map<string, ApiImage>();
  for (const [, version] of tracks) {
    if (!images.has(version)) {
      images.set(
        version,
        new ApiImage(
          `${w.name}-api-${version}`,
          { manifest: w.args.manifest, version, source: w.args.apiSource, deployGate: gate },
          inHost,
        ),
      );
    }
  }
  return images;
}

/** The API container of each track, on the private network. */
function apiServices(
  w: Wiring,
  inHost: InHost,
  tracks: readonly [Track, string][],
  images: ReadonlyMap<string, ApiImage>,
  network: PrivateNetwork,
  gate: pulumi.Output<string>,
): ApiService[] {
  return tracks.map(
    ([track, version]) =>
      new ApiService(
        `${w.name}-api-${track}`,
        {
          manifest: w.args.manifest,
          track,
          version,
          image: (images.get(version) as ApiImage).image,
          privateNetwork: network.private.name,
          chaosToken: w.args.chaosToken,
          deployGate: gate,
        },
        inHost,
      ),
  );
}

/** Nginx in front of the API containers, and the rotation of its access log on the host. */
function edgeProxy(
  w: Wiring,
  inHost: InHost,
  dirs: pulumi.Resource,
  network: PrivateNetwork,
  services: readonly ApiService[],
  gate: pulumi.Output<string>,
): Proxy {
  const { manifest, access } = w.args;
  const proxy = new Proxy(
    `${w.name}-proxy`,
    {
      manifest,
      paths: w.paths,
      connection: access.connection,
      privateNetwork: network.private.name,
      edgeNetwork: network.edge.name,
      upstreams: services.map((s) => s.container),
      deployGate: gate,
    },
    { ...inHost, dependsOn: [dirs] },
  );
  new AccessLogRotation(
    `${w.name}-log-rotation`,
    { manifest, paths: w.paths, connection: access.connection },
    { parent: w.parent, dependsOn: [dirs, proxy] },
  );
  return proxy;
}

/** The detector on the host, allowlisting the operators' addresses, after Nginx exists. */
function detectorOnHost(
  w: Wiring,
  dirs: pulumi.Resource,
  proxy: Proxy,
  gate: pulumi.Output<string>,
): DetectorHost {
  const { manifest, access } = w.args;
  return new DetectorHost(
    `${w.name}-detector`,
    {
      manifest,
      paths: w.paths,
      connection: access.connection,
      artifacts: w.args.detector,
      webhookUrl: w.args.webhookUrl,
      operatorAddresses: (w.args.operatorAddresses ?? operatorAddresses)(
        access.sshTarget,
        w.paths.operatorsFile,
      ),
      deployGate: gate,
    },
    { parent: w.parent, dependsOn: [dirs, proxy] },
  );
}

/**
 * The whole stack on one Docker host: networks, OPA and its deploy gate, the API (stable and an
 * optional canary), Nginx in front, and the detector on the host. Each step wires one part.
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
    const w: Wiring = { name, parent: this, args, paths: hostPaths(manifest.service.name) };
    const inHost = dockerProvider(w);
    const dirs = hostDirectories(`${name}-dirs`, access.connection, w.paths, { parent: this });
    const network = new PrivateNetwork(`${name}-network`, { network: manifest.network }, inHost);
    const { policy, gate } = policyAndGate(w, inHost, dirs, network);
    const tracks = versionsByTrack(manifest);
    const images = apiImages(w, inHost, tracks, gate);
    const services = apiServices(w, inHost, tracks, images, network, gate);
    const proxy = edgeProxy(w, inHost, dirs, network, services, gate);
    const detector = detectorOnHost(w, dirs, proxy, gate);

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
