import type { Manifest } from "../../../core/manifest";
import { Role } from "../../../core/roles";
import { K8S_NAMES, stackLabels } from "./names";

/**
 * The shared ban list's objects in the detector's namespace: the ConfigMap every detector writes
 * and watches (created empty; the detectors own its data), the detector's ServiceAccount, and a
 * Role that lets it read, watch and update that one ConfigMap and nothing else.
 */
export function renderBanList(manifest: Pick<Manifest, "service">, namespace: string) {
  const labels = stackLabels(manifest, Role.Detector);
  const meta = (name: string) => ({ name, namespace, labels });
  return {
    configMap: {
      metadata: {
        ...meta(K8S_NAMES.banList),
        annotations: {
          "swiftdeploy.dev/owner":
            "the detectors: one data key per ban, written by the node that decided it",
        },
      },
    },
    serviceAccount: { metadata: meta(K8S_NAMES.detector), automountServiceAccountToken: false },
    role: {
      metadata: meta(K8S_NAMES.banListRole),
      rules: [
        {
          apiGroups: [""],
          resources: ["configmaps"],
          resourceNames: [K8S_NAMES.banList],
          verbs: ["get", "list", "watch", "update", "patch"],
        },
      ],
    },
    roleBinding: {
      metadata: meta(K8S_NAMES.banListRole),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: K8S_NAMES.banListRole },
      subjects: [{ kind: "ServiceAccount", name: K8S_NAMES.detector, namespace }],
    },
  };
}
