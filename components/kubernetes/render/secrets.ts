import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import { K8S_NAMES, SECRET_KEYS, stackLabels } from "./names";

/** A Secret's metadata and the key its one value goes under (the component sets the value). */
export interface SecretShape {
  readonly metadata: {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
  };
  readonly type: "Opaque";
  readonly key: string;
}

/** The chaos token both API tracks read (CHAOS_TOKEN), beside them. */
export function chaosTokenSecret(manifest: Manifest, namespace: string): SecretShape {
  return {
    metadata: { name: K8S_NAMES.chaosToken, namespace, labels: stackLabels(manifest) },
    type: "Opaque",
    key: SECRET_KEYS.chaosToken,
  };
}

/** The alert webhook URL the detector reads (SWIFTDEPLOY_ALERT_WEBHOOK_URL), in its namespace. */
export function alertWebhookSecret(manifest: Manifest, namespace: string): SecretShape {
  return {
    metadata: {
      name: K8S_NAMES.alertWebhook,
      namespace,
      labels: stackLabels(manifest, Role.Detector),
    },
    type: "Opaque",
    key: SECRET_KEYS.alertWebhook,
  };
}
