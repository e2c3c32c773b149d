import { stringify } from "yaml";
import type { Manifest } from "../../core/manifest";
import { apiImageName } from "../../components/api-image";
import { hostDirectoryCommands } from "../../components/host-directories";
import { hostPaths, type HostPaths } from "../../components/naming";
import { networkSpecs } from "../../components/private-network";
import { apiContainerArgs, trackVersion } from "../../components/render/api-container";
import type { Track } from "../../core/track";
import type { hardenedContainerArgs } from "../../components/render/hardening";
import { opaContainerArgs, opaDataFile } from "../../components/render/opa-container";
import { proxyConfig, proxyContainerArgs } from "../../components/render/proxy-container";

/**
 * A container as the stack's renderers describe it: the hardened baseline every container shares,
 * plus the parts that differ per container.
 */
type ContainerSpec = ReturnType<typeof hardenedContainerArgs> & {
  readonly name: string;
  readonly command?: readonly string[];
  readonly entrypoints?: readonly string[];
  readonly envs?: readonly string[];
  readonly mounts?: readonly { source: string; target: string; readOnly: boolean }[];
  readonly ports?: readonly { internal: number; external: number; ip: string }[];
};

/** The same container, as a compose (file format 2.4) service. */
function composeService(spec: ContainerSpec, networks: Record<string, unknown>) {
  return {
    container_name: spec.name,
    user: spec.user,
    read_only: spec.readOnly,
    tmpfs: Object.entries(spec.tmpfs).map(([dir, options]) => `${dir}:${options}`),
    cap_drop: [...spec.capabilities.drops],
    security_opt: [...spec.securityOpts],
    mem_limit: `${spec.memory}m`,
    ulimits: Object.fromEntries(spec.ulimits.map(({ name, soft, hard }) => [name, { soft, hard }])),
    cpus: Number(spec.cpus),
    restart: spec.restart,
    healthcheck: {
      test: [...spec.healthcheck.tests],
      interval: spec.healthcheck.interval,
      timeout: spec.healthcheck.timeout,
      retries: spec.healthcheck.retries,
      start_period: spec.healthcheck.startPeriod,
    },
    labels: Object.fromEntries(spec.labels.map(({ label, value }) => [label, value])),
    logging: { driver: "json-file", options: { ...spec.logOpts } },
    ...(spec.entrypoints === undefined ? {} : { entrypoint: [...spec.entrypoints] }),
    ...(spec.command === undefined ? {} : { command: [...spec.command] }),
    ...(spec.envs === undefined ? {} : { environment: [...spec.envs] }),
    ...(spec.mounts === undefined
      ? {}
      : {
          volumes: spec.mounts.map((m) => ({
            type: "bind",
            source: m.source,
            target: m.target,
            read_only: m.readOnly,
          })),
        }),
    ...(spec.ports === undefined
      ? {}
      : { ports: spec.ports.map((p) => `${p.ip}:${p.external}:${p.internal}`) }),
    networks,
  };
}

/** A compose project equivalent to the stack's containers, and the files it mounts from the host. */
export interface ComposeProject {
  readonly composeFile: string;
  /** Host path → content: the same nginx.conf, OPA policies and data the Pulumi stack writes. */
  readonly hostFiles: Readonly<Record<string, string>>;
  /** The stack's own host-directories script (folders, owners, modes, the empty deny list). */
  readonly prepareHost: string;
  readonly paths: HostPaths;
}

/**
 * The benchmark's reference: the same images (built from the same context and Dockerfile), networks,
 * hardening, health checks and configuration files as the Pulumi stack, as one docker-compose file.
 * It has no detector, deploy gate or policy checks: the compose side does strictly less work.
 */
export function composeProject(
  manifest: Manifest,
  build: { readonly context: string; readonly dockerfile: string },
  policies: Readonly<Record<string, string>>,
  chaosToken: string,
): ComposeProject {
  const paths = hostPaths(manifest.service.name);
  const nets = networkSpecs(manifest.network);
  const services: Record<string, unknown> = {};
  for (const track of ["stable", "canary"] as Track[]) {
    const version = trackVersion(manifest, track);
    if (version === undefined) continue;
    const { networkAlias, ...spec } = apiContainerArgs(manifest, track, version);
    services[`api-${track}`] = {
      image: apiImageName(manifest, version),
      build: {
        context: build.context,
        dockerfile: build.dockerfile,
        args: { BASE_IMAGE: manifest.images.base, APP_VERSION: version },
      },
      ...composeService(
        { ...spec, envs: [...spec.envs, `CHAOS_TOKEN=${chaosToken}`] },
        { private: { aliases: [networkAlias] } },
      ),
    };
  }
  services.opa = {
    image: manifest.images.opa,
    ...composeService(opaContainerArgs(manifest, paths), { private: { aliases: ["opa"] } }),
  };
  services.proxy = {
    image: manifest.images.nginx,
    ...composeService(proxyContainerArgs(manifest, paths), { private: {}, edge: {} }),
    depends_on: Object.keys(services).filter((s) => s.startsWith("api-")),
  };
  const composeFile = stringify({
    version: "2.4",
    services,
    networks: {
      private: {
        name: nets.private.name,
        driver: nets.private.driver,
        internal: true,
        ...(nets.private.ipamConfigs === undefined
          ? {}
          : { ipam: { config: nets.private.ipamConfigs.map((c) => ({ subnet: c.subnet })) } }),
      },
      edge: { name: nets.edge.name, driver: nets.edge.driver },
    },
  });
  const hostFiles: Record<string, string> = {
    [`${paths.nginxDir}/nginx.conf`]: proxyConfig(manifest, paths),
    [`${paths.opaDir}/data.json`]: opaDataFile(manifest),
    ...Object.fromEntries(
      Object.entries(policies).map(([file, content]) => [`${paths.opaDir}/${file}`, content]),
    ),
  };
  const prepareHost = hostDirectoryCommands(paths).create;
  return { composeFile, hostFiles, prepareHost, paths };
}
