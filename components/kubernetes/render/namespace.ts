import type { Manifest } from "../../../core/manifest";
import { stackLabels } from "./names";

/** Pod Security Admission levels (enforced by the API server itself, whatever the CNI). */
export const PodSecurityLevel = {
  Restricted: "restricted",
  Privileged: "privileged",
} as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/**
 * A namespace of the stack. The application's (Nginx, API, OPA) enforces the `restricted` Pod
 * Security profile; the detector's own namespace must allow host networking and NET_ADMIN, so it
 * enforces `privileged` and still warns and audits at `restricted`.
 */
export function renderNamespace(
  manifest: Pick<Manifest, "service">,
  name: string,
  level: PodSecurityLevel,
) {
  return {
    metadata: {
      name,
      labels: {
        ...stackLabels(manifest),
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/warn": PodSecurityLevel.Restricted,
        "pod-security.kubernetes.io/audit": PodSecurityLevel.Restricted,
      },
    },
  };
}
