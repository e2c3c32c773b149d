import { labelFlags, mapFlags } from "./labels";

/** docker.Container inputs (secrets revealed) in the official shape. */
export interface ContainerInputs {
  name: string;
  image: string;
  command?: string[];
  entrypoints?: string[];
  envs?: string[];
  user?: string;
  workingDir?: string;
  hostname?: string;
  domainname?: string;
  readOnly?: boolean;
  privileged?: boolean;
  capabilities?: { adds?: string[]; drops?: string[] };
  securityOpts?: string[];
  groupAdds?: string[];
  init?: boolean;
  rm?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  networkMode?: string;
  networksAdvanced?: {
    name: string;
    aliases?: string[];
    ipv4Address?: string;
    ipv6Address?: string;
  }[];
  ports?: { internal: number; external?: number; ip?: string; protocol?: string }[];
  publishAllPorts?: boolean;
  dns?: string[];
  dnsOpts?: string[];
  dnsSearches?: string[];
  hosts?: { host: string; ip: string }[];
  mounts?: ContainerMount[];
  volumes?: {
    hostPath?: string;
    containerPath?: string;
    volumeName?: string;
    readOnly?: boolean;
    fromContainer?: string;
  }[];
  tmpfs?: Record<string, string>;
  labels?: { label: string; value: string }[];
  logDriver?: string;
  logOpts?: Record<string, string>;
  healthcheck?: {
    tests?: string[];
    interval?: string;
    timeout?: string;
    retries?: number;
    startPeriod?: string;
  };
  ulimits?: { name: string; soft: number; hard: number }[];
  sysctls?: Record<string, string>;
  shmSize?: number;
  stopSignal?: string;
  stopTimeout?: number;
  pidMode?: string;
  ipcMode?: string;
  usernsMode?: string;
  cgroupnsMode?: string;
  cpus?: string;
  restart?: string;
  maxRetryCount?: number;
  memory?: number;
  memorySwap?: number;
  memoryReservation?: number;
  cpuShares?: number;
  cpuSet?: string;
  cpuPeriod?: number;
  cpuQuota?: number;
}

interface ContainerMount {
  type: string;
  target: string;
  source?: string;
  readOnly?: boolean;
  bindOptions?: { propagation?: string };
  tmpfsOptions?: { sizeBytes?: number; mode?: number };
  volumeOptions?: {
    noCopy?: boolean;
    driverName?: string;
    driverOptions?: Record<string, string>;
    labels?: { label: string; value: string }[];
  };
}

/** A network to join after `docker create` (the CLI attaches only one at create time). */
export interface NetworkAttachment {
  readonly network: string;
  readonly flags: readonly string[];
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `--restart` value: the official `on-failure` + `maxRetryCount` become `on-failure:N`. */
export function restartPolicy(
  restart: string | undefined,
  maxRetryCount: number | undefined,
): string {
  const policy = restart ?? "no";
  return policy === "on-failure" && maxRetryCount ? `on-failure:${maxRetryCount}` : policy;
}

/** The flags for one memory setting given in MB, as the official schema has them (0 = unset). */
export function megabytes(mb: number): string {
  return mb === -1 ? "-1" : `${mb}m`;
}

function healthFlags(h: NonNullable<ContainerInputs["healthcheck"]>): string[] {
  const [form, ...rest] = h.tests ?? [];
  if (form === "NONE") return ["--no-healthcheck"];
  const flags: string[] = [];
  // The docker CLI only takes the shell form; the exec form is quoted into it (needs /bin/sh).
  if (form === "CMD-SHELL") flags.push("--health-cmd", rest.join(" "));
  else if (form === "CMD") flags.push("--health-cmd", rest.map(shellQuote).join(" "));
  const duration = (flag: string, v: string | undefined): void => {
    if (v && v !== "0s") flags.push(flag, v);
  };
  duration("--health-interval", h.interval);
  duration("--health-timeout", h.timeout);
  duration("--health-start-period", h.startPeriod);
  if (h.retries) flags.push("--health-retries", String(h.retries));
  return flags;
}

function mountFlag(m: ContainerMount): string {
  const parts = [`type=${m.type}`, `target=${m.target}`];
  if (m.source) parts.push(`source=${m.source}`);
  if (m.readOnly) parts.push("readonly");
  if (m.bindOptions?.propagation) parts.push(`bind-propagation=${m.bindOptions.propagation}`);
  if (m.tmpfsOptions?.sizeBytes) parts.push(`tmpfs-size=${m.tmpfsOptions.sizeBytes}`);
  if (m.tmpfsOptions?.mode) parts.push(`tmpfs-mode=${m.tmpfsOptions.mode.toString(8)}`);
  const v = m.volumeOptions;
  if (v?.noCopy) parts.push("volume-nocopy");
  if (v?.driverName) parts.push(`volume-driver=${v.driverName}`);
  for (const [k, val] of Object.entries(v?.driverOptions ?? {}))
    parts.push(`volume-opt=${k}=${val}`);
  for (const l of v?.labels ?? []) parts.push(`volume-label=${l.label}=${l.value}`);
  return parts
    .map((p) => (p.includes(",") || p.includes('"') ? `"${p.replace(/"/g, '""')}"` : p))
    .join(",");
}

function networkFlags(
  n: NonNullable<ContainerInputs["networksAdvanced"]>[number],
  aliasFlag: string,
): string[] {
  const flags = (n.aliases ?? []).flatMap((a) => [aliasFlag, a]);
  if (n.ipv4Address) flags.push("--ip", n.ipv4Address);
  if (n.ipv6Address) flags.push("--ip6", n.ipv6Address);
  return flags;
}

function repeated(flag: string, values: readonly (string | undefined)[] | undefined): string[] {
  return (values ?? []).filter((v): v is string => v !== undefined).flatMap((v) => [flag, v]);
}

/**
 * `docker container create` arguments for the inputs (the env goes through `envFile`, so no value
 * appears on a command line), plus the extra networks to connect before start.
 */
export function containerCreateArgs(
  c: ContainerInputs,
  envFile: string | undefined,
): { args: string[]; attachments: NetworkAttachment[] } {
  const args = ["container", "create", "--name", c.name];
  const opt = (flag: string, v: string | number | undefined): void => {
    if (v !== undefined && v !== "") args.push(flag, String(v));
  };
  const bool = (flag: string, v: boolean | undefined): void => {
    if (v) args.push(flag);
  };
  if (envFile) args.push("--env-file", envFile);
  opt("--user", c.user);
  opt("--workdir", c.workingDir);
  opt("--hostname", c.hostname);
  opt("--domainname", c.domainname);
  bool("--read-only", c.readOnly);
  bool("--privileged", c.privileged);
  bool("--init", c.init);
  bool("--rm", c.rm);
  bool("--tty", c.tty);
  bool("--interactive", c.stdinOpen);
  bool("--publish-all", c.publishAllPorts);
  args.push(
    ...repeated("--cap-add", c.capabilities?.adds),
    ...repeated("--cap-drop", c.capabilities?.drops),
  );
  args.push(...repeated("--security-opt", c.securityOpts), ...repeated("--group-add", c.groupAdds));
  args.push(
    ...repeated("--dns", c.dns),
    ...repeated("--dns-option", c.dnsOpts),
    ...repeated("--dns-search", c.dnsSearches),
  );
  args.push(...(c.hosts ?? []).flatMap((h) => ["--add-host", `${h.host}:${h.ip}`]));
  for (const p of c.ports ?? []) {
    const ip = p.ip ?? "0.0.0.0";
    // The docker CLI reads an IPv6 host address only in brackets ("[::]:8080:8080").
    const host = ip.includes(":") ? `[${ip}]` : ip;
    args.push("--publish", `${host}:${p.external ?? ""}:${p.internal}/${p.protocol ?? "tcp"}`);
  }
  args.push(...(c.mounts ?? []).map(mountFlag).flatMap((m) => ["--mount", m]));
  for (const v of c.volumes ?? []) {
    if (v.fromContainer)
      args.push("--volumes-from", `${v.fromContainer}${v.readOnly ? ":ro" : ""}`);
    else
      args.push(
        "--volume",
        `${v.hostPath ?? v.volumeName ?? ""}:${v.containerPath ?? ""}${v.readOnly ? ":ro" : ""}`,
      );
  }
  args.push(
    ...Object.entries(c.tmpfs ?? {}).flatMap(([dir, o]) => ["--tmpfs", o ? `${dir}:${o}` : dir]),
  );
  args.push(...labelFlags(c.labels));
  opt("--log-driver", c.logDriver);
  args.push(...mapFlags("--log-opt", c.logOpts));
  if (c.healthcheck) args.push(...healthFlags(c.healthcheck));
  args.push(...(c.ulimits ?? []).flatMap((u) => ["--ulimit", `${u.name}=${u.soft}:${u.hard}`]));
  args.push(...mapFlags("--sysctl", c.sysctls));
  if (c.shmSize) args.push("--shm-size", megabytes(c.shmSize));
  opt("--stop-signal", c.stopSignal);
  opt("--stop-timeout", c.stopTimeout);
  opt("--pid", c.pidMode);
  opt("--ipc", c.ipcMode);
  opt("--userns", c.usernsMode);
  opt("--cgroupns", c.cgroupnsMode);
  opt("--cpus", c.cpus);
  opt("--restart", restartPolicy(c.restart, c.maxRetryCount));
  if (c.memory) args.push("--memory", megabytes(c.memory));
  if (c.memorySwap) args.push("--memory-swap", megabytes(c.memorySwap));
  if (c.memoryReservation) args.push("--memory-reservation", megabytes(c.memoryReservation));
  opt("--cpu-shares", c.cpuShares || undefined);
  opt("--cpuset-cpus", c.cpuSet);
  opt("--cpu-period", c.cpuPeriod || undefined);
  opt("--cpu-quota", c.cpuQuota || undefined);

  const [first, ...others] = c.networksAdvanced ?? [];
  if (first) args.push("--network", first.name, ...networkFlags(first, "--network-alias"));
  else opt("--network", c.networkMode);
  const attachments = others.map((n) => ({ network: n.name, flags: networkFlags(n, "--alias") }));

  const [entry, ...entryRest] = c.entrypoints ?? [];
  if (c.entrypoints) args.push("--entrypoint", entry ?? "");
  args.push(c.image, ...entryRest, ...(c.command ?? []));
  return { args, attachments };
}
