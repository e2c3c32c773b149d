// Kubernetes conventions shared by the components (which follow them) and the CrossGuard pack
// (which checks them).

/**
 * The kubelet's container logs: the one host path the detector's DaemonSet may mount, read-only
 * (Nginx's access log is its container's stdout, kept there by the kubelet).
 */
export const DETECTOR_POD_LOG_DIR = "/var/log/pods";

/** The one capability the detector's DaemonSet adds (it bans in the node's kernel). */
export const DETECTOR_CAPABILITY = "NET_ADMIN";

const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
};

/** A Kubernetes quantity (`2`, `1500m`, `24547812Ki`, or a number) as a number; undefined when not one. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === "number") return Number.isFinite(quantity) ? quantity : undefined;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|m|k|M|G|T|P)?$/.exec(quantity?.trim() ?? "");
  if (match === null) return undefined;
  const suffix = match[2] ?? "";
  return Number(match[1]) * (BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix] ?? 1);
}
