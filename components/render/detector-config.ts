import type { DetectorSettings } from "../../core/detector-settings";
import type { Manifest } from "../../core/manifest";
import { containerNames, type HostPaths } from "../naming";
import { PROXY_CONFIG_DIR, PROXY_DENY_LIST } from "./proxy-container";

/**
 * The detector's config file for this stack: the manifest's detector settings, pointed at the
 * proxy's access log and the stack's state folder on the host, and told where client addresses
 * come from; the operator's own address joins the allowlist. Behind trusted proxies the log's address is rewritten from X-Forwarded-For, so bans go
 * to Nginx's deny list (reloaded in place) instead of the kernel, which only sees the proxy. The
 * webhook URL is not in it: it is a secret, in a separate root-only environment file.
 */
export function detectorConfig(
  manifest: Pick<Manifest, "detector" | "host" | "proxy" | "service">,
  paths: HostPaths,
  operatorAddresses: readonly string[] = [],
) {
  const trusted = manifest.proxy.trustedProxies;
  const proxy = containerNames(manifest).proxy;
  // The shared ban list is the kubernetes target's to set (render/detector-workload.ts): one host has no other node.
  const { sharedBans: _shared, ...detector } = manifest.detector;
  return {
    ...detector,
    allowlist: [...new Set([...manifest.detector.allowlist, ...operatorAddresses])],
    logPath: paths.accessLog,
    logSource: "file" as DetectorSettings["logSource"],
    stateDir: paths.detectorStateDir,
    clientAddressSource: trusted.length > 0 ? "forwarded" : "peer",
    trustedProxies: [...trusted],
    enforcement: {
      ...manifest.detector.enforcement,
      // An operator behind a banned address (a shared NAT) must keep SSH to the host.
      inputExemptPorts: [
        ...new Set([...manifest.detector.enforcement.inputExemptPorts, manifest.host.port]),
      ],
      nginxDenyList:
        trusted.length > 0
          ? {
              ...manifest.detector.enforcement.nginxDenyList,
              path: `${paths.nginxDir}/${PROXY_DENY_LIST.slice(PROXY_CONFIG_DIR.length + 1)}`,
              // SIGHUP to the container's PID 1 (the Nginx master) reloads it without a pid file or exec.
              reloadCommand: ["docker", "kill", "--signal", "HUP", proxy],
            }
          : manifest.detector.enforcement.nginxDenyList,
    },
  };
}

/** The JSON file the daemon reads (`--config`). */
export function detectorConfigFile(settings: ReturnType<typeof detectorConfig>): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** {@link detectorConfig} as its file. */
export function renderDetectorConfig(
  manifest: Pick<Manifest, "detector" | "host" | "proxy" | "service">,
  paths: HostPaths,
  operatorAddresses: readonly string[] = [],
): string {
  return detectorConfigFile(detectorConfig(manifest, paths, operatorAddresses));
}

/** The environment file the detector unit loads (root-only): the alert webhook, when configured. */
export function renderDetectorEnv(webhookUrl: string | undefined): string {
  return webhookUrl === undefined ? "" : `SWIFTDEPLOY_ALERT_WEBHOOK_URL=${webhookUrl}\n`;
}
