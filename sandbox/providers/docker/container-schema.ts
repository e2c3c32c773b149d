import type { InputSchema } from "../shared/input-schema";
import { computed, list, map, object, replaces, updates, value } from "../shared/input-schema";
import { labelList } from "./labels";

const strings = list(value);

/**
 * The official docker.Container inputs the stand-in implements, with the official replace-vs-update
 * split (the Terraform schema behind @pulumi/docker: ForceNew for nearly everything). Updated in
 * place: restart/maxRetryCount and the resource limits (`docker update`), and the provider-side
 * behaviour flags. Deliberate difference: `healthcheck`, `tmpfs`, `init` and `rm` replace the
 * container, because the official provider records a change to them without applying it.
 */
export const CONTAINER_SCHEMA: InputSchema = {
  name: replaces(),
  image: replaces(),
  command: replaces(strings),
  entrypoints: replaces(strings),
  envs: replaces(strings),
  user: replaces(),
  workingDir: replaces(),
  hostname: computed(replaces()),
  domainname: replaces(),
  readOnly: replaces(value, false),
  privileged: replaces(value, false),
  capabilities: replaces(object({ adds: strings, drops: strings })),
  securityOpts: replaces(strings),
  groupAdds: replaces(strings),
  init: replaces(),
  rm: replaces(value, false),
  tty: replaces(value, false),
  stdinOpen: replaces(value, false),
  networkMode: replaces(),
  networksAdvanced: replaces(
    list(object({ name: value, aliases: strings, ipv4Address: value, ipv6Address: value })),
  ),
  ports: replaces(list(object({ internal: value, external: value, ip: value, protocol: value }))),
  publishAllPorts: replaces(value, false),
  dns: replaces(strings),
  dnsOpts: replaces(strings),
  dnsSearches: replaces(strings),
  hosts: replaces(list(object({ host: value, ip: value }))),
  mounts: replaces(
    list(
      object({
        type: value,
        source: value,
        target: value,
        readOnly: value,
        bindOptions: object({ propagation: value }),
        tmpfsOptions: object({ sizeBytes: value, mode: value }),
        volumeOptions: object({
          noCopy: value,
          driverName: value,
          driverOptions: map,
          labels: labelList,
        }),
      }),
    ),
  ),
  volumes: replaces(
    list(
      object({
        hostPath: value,
        containerPath: value,
        volumeName: value,
        readOnly: value,
        fromContainer: value,
      }),
    ),
  ),
  tmpfs: replaces(map),
  labels: replaces(labelList),
  logDriver: replaces(),
  logOpts: replaces(map),
  healthcheck: replaces(
    object({ tests: strings, interval: value, timeout: value, retries: value, startPeriod: value }),
  ),
  ulimits: replaces(list(object({ name: value, soft: value, hard: value }))),
  sysctls: replaces(map),
  shmSize: replaces(),
  stopSignal: replaces(),
  stopTimeout: replaces(),
  pidMode: replaces(),
  ipcMode: replaces(),
  usernsMode: replaces(),
  cgroupnsMode: replaces(),
  cpus: replaces(),
  restart: updates(value, "no"),
  maxRetryCount: updates(value, 0),
  memory: updates(),
  memorySwap: updates(),
  memoryReservation: updates(),
  cpuShares: updates(),
  cpuSet: updates(),
  cpuPeriod: updates(),
  cpuQuota: updates(),
  mustRun: updates(value, true),
  start: updates(value, true),
  attach: updates(value, false),
  logs: updates(value, false),
  wait: updates(value, false),
  waitTimeout: updates(value, 60),
  destroyGraceSeconds: updates(),
  removeVolumes: updates(value, true),
  containerReadRefreshTimeoutMilliseconds: updates(value, 15000),
};

/** Inputs applied to a running container with `docker update`, with the flag each maps to. */
export const DOCKER_UPDATE_FLAGS: Readonly<Record<string, string>> = {
  memory: "--memory",
  memorySwap: "--memory-swap",
  memoryReservation: "--memory-reservation",
  cpuShares: "--cpu-shares",
  cpuSet: "--cpuset-cpus",
  cpuPeriod: "--cpu-period",
  cpuQuota: "--cpu-quota",
};
