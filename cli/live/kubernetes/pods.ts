import { z } from "zod";
import { ROLE_LABEL } from "../../../core/roles";
import type { LiveContainer } from "../containers";

/** The pod label carrying an API track's version (the Docker containers' label of the same name). */
export const VERSION_LABEL = "dev.swiftdeploy.version";

const Pod = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    labels: z.record(z.string(), z.string()).optional(),
    creationTimestamp: z.string().optional(),
    deletionTimestamp: z.string().optional(),
  }),
  status: z
    .looseObject({
      phase: z.string().optional(),
      podIP: z.string().optional(),
      conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).optional(),
      containerStatuses: z.array(z.looseObject({ restartCount: z.number().optional() })).optional(),
    })
    .optional(),
});
type Pod = z.infer<typeof Pod>;

const PodList = z.looseObject({ items: z.array(Pod) });

/**
 * A pod's health in the words the Docker containers use: healthy (Ready), starting (not ready
 * yet), unhealthy (not ready after a restart), stopping (being deleted), or its phase.
 */
function health(pod: Pod): string {
  if (pod.metadata.deletionTimestamp !== undefined) return "stopping";
  const phase = pod.status?.phase ?? "Unknown";
  if (phase !== "Running") return phase === "Pending" ? "starting" : phase.toLowerCase();
  const ready = (pod.status?.conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True",
  );
  if (ready) return "healthy";
  const restarts = (pod.status?.containerStatuses ?? []).reduce(
    (sum, c) => sum + (c.restartCount ?? 0),
    0,
  );
  return restarts > 0 ? "unhealthy" : "starting";
}

/**
 * The stack's pods from a pod list (`GET …/pods`), as the verbs see workloads: name, role and
 * version from the labels, the pod's IP, running unless it is being deleted. Sorted by name.
 */
export function parsePods(list: unknown): LiveContainer[] {
  return PodList.parse(list)
    .items.map((pod) => {
      const labels = pod.metadata.labels ?? {};
      return {
        name: pod.metadata.name,
        role: labels[ROLE_LABEL] ?? "unknown",
        version: labels[VERSION_LABEL] ?? null,
        address: pod.status?.podIP ?? null,
        running: pod.status?.phase === "Running" && pod.metadata.deletionTimestamp === undefined,
        health: health(pod),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `key=value,…` for a label selector in an API path. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return encodeURIComponent(
    Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(","),
  );
}
