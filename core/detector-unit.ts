import path from "node:path";
import type { DetectorSettings } from "./detector-settings";

/** The unit's name and where install writes it. */
export const UNIT_NAME = "swiftdeploy-detector.service";
export const UNIT_PATH = `/etc/systemd/system/${UNIT_NAME}`;

/** What the unit is rendered from. */
export interface UnitOptions {
  /** Node.js binary (absolute). */
  readonly node: string;
  /** The bundled daemon (absolute). */
  readonly bundle: string;
  readonly config: string;
  readonly envFile: string;
  /** Directories the sandboxed daemon may write: its state dir, the deny list's dir. */
  readonly writablePaths: readonly string[];
}

/** Quotes a word for an Exec line when it needs it. */
function q(word: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, "\\$1")}"`;
}

function exec(words: readonly string[]): string {
  return words.map(q).join(" ");
}

/**
 * The systemd unit. The daemon runs as root with only CAP_NET_ADMIN and CAP_NET_RAW (ipset,
 * iptables, nft) in a read-only system (it writes only its state dir), restarts on failure, and
 * reloads its config on SIGHUP. The self-test runs just before it, privileged (`+`: it creates a
 * network namespace, which needs CAP_SYS_ADMIN), and never blocks the start (`-`): the daemon
 * reports its result loudly.
 */
export function renderUnit(o: UnitOptions): string {
  const daemon = [o.node, o.bundle];
  const writable = [...new Set(o.writablePaths)].map(q).join(" ");
  return `# Written by \`swiftdeploy-detector install\`; rewritten on every install. Do not edit.
[Unit]
Description=SwiftDeploy DDoS detector (reads Nginx's access log, bans in the kernel)
After=network-online.target docker.service
Wants=network-online.target

[Service]
Type=simple
EnvironmentFile=-${q(o.envFile)}
ExecStartPre=-+${exec([...daemon, "selftest", "--config", o.config, "--setup"])}
ExecStart=${exec([...daemon, "run", "--config", o.config])}
ExecReload=/bin/kill -HUP $MAINPID
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
ReadWritePaths=${writable} -/run/xtables.lock
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
