import {
  renderInstanceDropIn,
  renderUnitTemplate,
  UNIT_TEMPLATE,
  unitName,
  unitWritablePaths,
} from "../../core/detector-unit";
import type { Manifest } from "../../core/manifest";
import { hostPaths } from "../naming";
import { accessLogRotation } from "./access-log-rotation";
import { renderCrossGuardConfig } from "../../core/manifest/crossguard-config";
import { detectorConfig, detectorConfigFile } from "./detector-config";
import { opaDataFile } from "./opa-container";
import { proxyConfig } from "./proxy-container";

/**
 * Every file the stack derives from the manifest, by relative path, exactly as the components
 * write them (on the host) or pass them (the policy pack's config). `swiftdeploy init` writes these
 * for review; deleting them and running init again gives the same bytes.
 */
export function renderGeneratedFiles(manifest: Manifest): Record<string, string> {
  const paths = hostPaths(manifest.service.name);
  const detector = detectorConfig(manifest, paths);
  const rotation = accessLogRotation(manifest, paths);
  const instance = manifest.service.name;
  const dropIn = renderInstanceDropIn(instance, unitWritablePaths(detector));
  return {
    "nginx/nginx.conf": proxyConfig(manifest, paths),
    "nginx/rotate-access-log.sh": rotation.script.content,
    [`nginx/${rotation.units.service}`]: rotation.service.content,
    [`nginx/${rotation.units.timer}`]: rotation.timer.content,
    "opa/data.json": opaDataFile(manifest),
    "crossguard/policy-config.json": crossGuardConfigFile(manifest),
    "detector/detector.json": detectorConfigFile(detector),
    [`detector/${UNIT_TEMPLATE}`]: renderUnitTemplate({
      node: paths.nodeBinary,
      bundle: paths.detectorBundle,
    }),
    ...(dropIn === undefined
      ? {}
      : { [`detector/${unitName(instance)}.d/50-swiftdeploy.conf`]: dropIn }),
  };
}

/** The policy pack's `--policy-pack-config` file. */
export function crossGuardConfigFile(manifest: Pick<Manifest, "policy">): string {
  return `${JSON.stringify(renderCrossGuardConfig(manifest.policy.guardrails), null, 2)}\n`;
}
