import type { Manifest } from "../../core/manifest";
import { Role } from "../../core/roles";
import { containerNames, OPA_PORT, type HostPaths } from "../naming";
import { hardenedContainerArgs } from "./hardening";
import { renderOpaData } from "./opa-data";

/** Where policies and the data document sit inside the OPA container. */
export const OPA_POLICY_DIR = "/policies";

/** OPA's data document file: the manifest's thresholds. */
export function opaDataFile(manifest: Pick<Manifest, "policy">): string {
  return `${JSON.stringify(renderOpaData(manifest.policy), null, 2)}\n`;
}

/**
 * OPA images carry no curl; the local image and the official `-debug` images have busybox's wget.
 * `opa run --watch` reloads policies and data when the stack rewrites them, without a restart.
 * `--authorization=basic` makes OPA ask `data.system.authz` (policies/opa/authz.rego) before every
 * request: the gates' reads pass, every write and ad-hoc query is refused with 401, so no container
 * on the private network can change a threshold or approve its own promotion.
 */
export function opaContainerArgs(manifest: Manifest, paths: HostPaths) {
  return {
    name: containerNames(manifest).opa,
    ...hardenedContainerArgs({
      role: Role.Opa,
      memoryMb: 128,
      cpus: 0.5,
      restart: "unless-stopped",
      healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${OPA_PORT}/health`],
      extraLabels: { "dev.swiftdeploy.service": manifest.service.name },
    }),
    // The official images install OPA as /opa with that as the entrypoint; the local one matches.
    entrypoints: ["/opa"],
    command: [
      "run",
      "--server",
      "--addr",
      `0.0.0.0:${OPA_PORT}`,
      "--authorization=basic",
      "--log-level",
      "error",
      "--watch",
      OPA_POLICY_DIR,
    ],
    mounts: [{ type: "bind", source: paths.opaDir, target: OPA_POLICY_DIR, readOnly: true }],
  };
}
