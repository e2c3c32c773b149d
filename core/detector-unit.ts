import path from "node:path";
import type { DetectorSettings } from "./detector-settings";

/** Where systemd units live; install writes the template and each instance's drop-in there. */
export const UNIT_DIR = "/etc/systemd/system";
/** The template unit: one instance per service (`swiftdeploy-detector@<service>.service`). */
export const UNIT_TEMPLATE = "swiftdeploy-detector@.service";
export const UNIT_TEMPLATE_PATH = `${UNIT_DIR}/${UNIT_TEMPLATE}`;
/** The single unit of earlier installs, migrated to an instance by install (and removed by uninstall). */
export const LEGACY_UNIT_NAME = "swiftdeploy-detector.service";
export const LEGACY_UNIT_PATH = `${UNIT_DIR}/${LEGACY_UNIT_NAME}`;

/** A service (instance) name systemd takes as it is: no escaping, no path separators. */
const INSTANCE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Whether `name` can be an instance of the template. */
export function isInstanceName(name: string): boolean {
  return INSTANCE.test(name);
}

/** The unit of one service's detector. */
export function unitName(instance: string): string {
  return `swiftdeploy-detector@${instance}.service`;
}

/** The drop-in holding what only this instance needs (extra writable folders). */
export function dropInPath(instance: string): string {
  return `${UNIT_DIR}/${unitName(instance)}.d/50-swiftdeploy.conf`;
}

/**
 * Where an instance's files are: the template names them by `%i`, so they are the same for every
 * install (the stack's host layout, components/naming.ts, takes them from here).
 */
export function instancePaths(instance: string) {
  return {
    config: `/etc/swiftdeploy/${instance}/detector.json`,
    envFile: `/etc/swiftdeploy/${instance}/detector.env`,
    stateDir: `/var/lib/swiftdeploy/${instance}/detector`,
    runtimeDir: `/run/swiftdeploy-detector/${instance}`,
  };
}

/** The instance whose config this is (`/etc/swiftdeploy/<instance>/detector.json`), if any. */
export function instanceOfConfig(config: string): string | undefined {
  const m = /^\/etc\/swiftdeploy\/([^/]+)\/detector\.json$/.exec(path.resolve(config));
  return m !== null && isInstanceName(m[1]!) ? m[1] : undefined;
}

/** What the template is rendered from: the runtime and the bundle every instance runs. */
export interface UnitTemplateOptions {
  /** Node.js binary (absolute). */
  readonly node: string;
  /** The bundled daemon (absolute). */
  readonly bundle: string;
}

/** Quotes a word for an Exec line when it needs it. */
function q(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, "\\$1")}"`;
}

function exec(words: readonly string[]): string {
  return words.map(q).join(" ");
}

const { config: CONFIG, envFile: ENV_FILE } = instancePaths("%i");

/**
 * The template unit. Each service's detector is its own instance, reading its own config and env
 * file and keeping its own state (StateDirectory=) and runtime folder (RuntimeDirectory=, removed at
 * stop), so two services on one host never share a unit. The daemon runs as root with only
 * CAP_NET_ADMIN and CAP_NET_RAW (ipset, iptables, nft) in a read-only system, tells systemd when
 * it is ready (Type=notify: sets and rules in place, dashboard and control socket listening, the
 * log followed), restarts on failure and reloads its config on SIGHUP. The self-test runs just
 * before it, privileged (`+`: it creates a network namespace, which needs CAP_SYS_ADMIN), and
 * never blocks the start (`-`): the daemon reports its result loudly.
 */
export function renderUnitTemplate(o: UnitTemplateOptions): string {
  const daemon = [o.node, o.bundle];
  return `# Written by \`swiftdeploy-detector install\`; rewritten on every install. Do not edit.
# One instance per service: swiftdeploy-detector@<service>.service reads ${CONFIG.replace("%i", "<service>")}.
[Unit]
Description=SwiftDeploy DDoS detector of %i (reads Nginx's access log, bans in the kernel)
After=network-online.target docker.service
Wants=network-online.target

[Service]
Type=notify
# Ready is sent by systemd-notify, a child of the daemon: accept it from any process of the unit.
NotifyAccess=all
EnvironmentFile=-${ENV_FILE}
ExecStartPre=-+${exec([...daemon, "selftest", "--config", CONFIG, "--setup"])}
ExecStart=${exec([...daemon, "run", "--config", CONFIG])}
ExecReload=/bin/kill -HUP $MAINPID
StateDirectory=swiftdeploy/%i/detector
StateDirectoryMode=0700
RuntimeDirectory=swiftdeploy-detector/%i
RuntimeDirectoryMode=0700
Restart=on-failure
RestartSec=2s
# 2: invalid configuration, 3: self-test failed with selftest.onFailure=stop: a restart cannot help.
RestartPreventExitStatus=2 3
TimeoutStartSec=120s
TimeoutStopSec=30s
User=root
CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW
AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=-/run/xtables.lock
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
UMask=0077
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`;
}

/**
 * The instance's drop-in: the folders it writes besides its StateDirectory= (a state dir elsewhere,
 * the audit log's folder when moved, the Nginx deny list's folder); undefined when there are none.
 */
export function renderInstanceDropIn(
  instance: string,
  writablePaths: readonly string[],
): string | undefined {
  const own = instancePaths(instance).stateDir;
  const extra = [...new Set(writablePaths)].filter((p) => p !== own);
  if (extra.length === 0) return undefined;
  return `# Written by \`swiftdeploy-detector install\` for ${unitName(instance)}. Do not edit.
[Service]
ReadWritePaths=${extra.map(q).join(" ")}
`;
}

/**
 * The folders the sandboxed daemon may write (ProtectSystem=strict): its state dir, the audit log's
 * folder when moved elsewhere, and the Nginx deny list's folder when it bans through Nginx.
 */
export function unitWritablePaths(
  settings: Pick<DetectorSettings, "stateDir" | "audit" | "enforcement">,
): string[] {
  const writable = [settings.stateDir];
  if (settings.audit.path !== null) writable.push(path.dirname(settings.audit.path));
  const denyList = settings.enforcement.nginxDenyList.path;
  if (denyList !== null) writable.push(path.dirname(denyList));
  return [...new Set(writable)];
}
