import type { KubeApiTarget } from "./kube-api";

/** Where a pod finds its service account: token, CA and namespace. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The API target and namespace of the pod the detector runs in. */
export interface InClusterAccess {
  readonly target: KubeApiTarget;
  readonly namespace: string;
}

/**
 * The in-cluster API from the pod's environment (`KUBERNETES_SERVICE_HOST`/`_PORT`, which every
 * pod gets) and its service-account files; throws naming what is missing.
 */
export function inClusterAccess(
  env: NodeJS.ProcessEnv,
  readFile: (path: string) => string,
): InClusterAccess {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  if (host === undefined || host === "")
    throw new Error(
      "KUBERNETES_SERVICE_HOST is not set: sharedBans.kind kubernetes-configmap works only in a Kubernetes pod",
    );
  const read = (name: string) => {
    try {
      return readFile(`${SERVICE_ACCOUNT_DIR}/${name}`).trim();
    } catch (error) {
      throw new Error(
        `cannot read the service account's ${name} (${(error as Error).message}): give the pod a service account with automountServiceAccountToken: true`,
      );
    }
  };
  read("token");
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    target: { url: `https://${hostPart}:${port}`, token: () => read("token"), ca: read("ca.crt") },
    namespace: read("namespace"),
  };
}
