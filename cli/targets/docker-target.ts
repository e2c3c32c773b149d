import { DeployTarget } from "../../core/stack-config";
import { DockerLiveStack } from "../live/docker-live-stack";
import { dockerPreflight } from "../validate/docker-preflight";
import type { LiveTarget } from "./live-target";

/** One Docker host over SSH: the containers, the host's files, the detector's systemd unit. */
export const dockerLiveTarget: LiveTarget = {
  name: DeployTarget.Docker,
  connect: (ctx, manifest) => DockerLiveStack.connect(ctx, manifest),
  publicUrls: async (_ctx, outputs) => (outputs.publicUrl === undefined ? [] : [outputs.publicUrl]),
  where: async (_ctx, manifest) => `${manifest.host.user}@${manifest.host.address}`,
  deployedLines: (outputs) => [
    ...(outputs.dashboard === undefined ? [] : [["dashboard", outputs.dashboard] as const]),
    ["detector", outputs.detectorUnitState ?? "unknown"],
    ["private", "OPA, /metrics and /chaos: swiftdeploy status, swiftdeploy chaos (through SSH)"],
  ],
  preflight: dockerPreflight,
  notYet: {},
};
