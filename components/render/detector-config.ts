import type { Manifest } from "../../core/manifest";
import type { HostPaths } from "../naming";

/**
 * The detector's config file for this stack: the manifest's detector settings, pointed at the
 * proxy's access log and the stack's state folder on the host. The webhook URL is not in it: it is
 * a secret and travels in a separate root-only environment file.
 */
export function renderDetectorConfig(
  manifest: Pick<Manifest, "detector">,
  paths: HostPaths,
): string {
  const settings = {
    ...manifest.detector,
    logPath: paths.accessLog,
    stateDir: paths.detectorStateDir,
  };
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/** The environment file the detector unit loads (root-only): the alert webhook, when configured. */
export function renderDetectorEnv(webhookUrl: string | undefined): string {
  return webhookUrl === undefined ? "" : `SWIFTDEPLOY_ALERT_WEBHOOK_URL=${webhookUrl}\n`;
}
