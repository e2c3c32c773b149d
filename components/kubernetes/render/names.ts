import { createHash } from "node:crypto";
import type { Manifest } from "../../../core/manifest";
import { ROLE_LABEL, type Role } from "../../../core/roles";
import { API_ALIASES } from "../../naming";

/** Nodes labelled so run Nginx and the detector (the local cluster labels its workers so). */
export const EDGE_NODE_LABEL = { key: "swiftdeploy.dev/edge", value: "true" } as const;

/** Object names in the stack's namespace: one place for every name the objects refer to. */
export const K8S_NAMES = {
  /** The API Services carry the Docker network aliases, so nginx.conf is the same on both targets. */
  apiService: API_ALIASES,
  proxy: "proxy",
  opa: "opa",
  detector: "detector",
  /** The shared ban list every detector writes and watches, and the Role that allows it. */
  banList: "swiftdeploy-bans",
  banListRole: "detector-ban-list",
  chaosToken: "chaos-token",
  alertWebhook: "alert-webhook",
} as const;

/** Key of the chaos token in its Secret, and of the webhook URL in its Secret. */
export const SECRET_KEYS = { chaosToken: "token", alertWebhook: "url" } as const;

/** The stack's namespaces: the application's (the stack config's, or `swiftdeploy-<service>`) and the detector's beside it. */
export function namespaceNames(
  manifest: Pick<Manifest, "service">,
  configured?: string,
): { readonly app: string; readonly detector: string } {
  const app = configured ?? `swiftdeploy-${manifest.service.name}`;
  return { app, detector: `${app}-detector` };
}

/** Labels every object of the stack carries; `role` (ROLE_LABEL) is what the CrossGuard pack reads. */
export function stackLabels(manifest: Pick<Manifest, "service">, role?: Role) {
  return {
    "app.kubernetes.io/name": manifest.service.name,
    "app.kubernetes.io/part-of": "swiftdeploy",
    "app.kubernetes.io/managed-by": "pulumi",
    ...(role === undefined ? {} : { [ROLE_LABEL]: role }),
  };
}

/** The immutable selector of a workload: service and role. */
export function selectorLabels(manifest: Pick<Manifest, "service">, role: Role) {
  return { "app.kubernetes.io/name": manifest.service.name, [ROLE_LABEL]: role };
}

/**
 * A generated ConfigMap's name: `base-<hash of its data>`. A change of content is a new name, so
 * the workloads that mount it roll (Pulumi creates the new one before deleting the old).
 */
export function contentName(base: string, data: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256");
  for (const key of Object.keys(data).sort()) hash.update(`${key}\0${data[key]}\0`);
  return `${base}-${hash.digest("hex").slice(0, 10)}`;
}
