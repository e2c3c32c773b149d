import { CONTAINER_USER } from "../../naming";

const [USER_ID, GROUP_ID] = CONTAINER_USER.split(":").map(Number) as [number, number];

/** Where every container gets a small writable tmpfs: the root filesystem is read-only. */
export const TMP_MOUNT = { name: "tmp", mountPath: "/tmp" } as const;

/** The `/tmp` volume behind {@link TMP_MOUNT} (memory-backed, 64 MiB, like Docker's tmpfs). */
export function tmpVolume() {
  return { name: TMP_MOUNT.name, emptyDir: { medium: "Memory", sizeLimit: "64Mi" } };
}

/**
 * The container baseline, as on Docker (components/render/hardening.ts): the numeric non-root
 * user, read-only root, every capability dropped, no privilege escalation, the runtime's seccomp
 * profile.
 */
export function restrictedContainerSecurity() {
  return {
    runAsNonRoot: true,
    runAsUser: USER_ID,
    runAsGroup: GROUP_ID,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Pod-level settings every SwiftDeploy pod shares: no API token, no service env variables. */
export function podBaseline() {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { seccompProfile: { type: "RuntimeDefault" } },
  };
}

/** `0.5` CPUs → `500m`. */
export function cpuQuantity(cpus: number): string {
  return `${Math.max(1, Math.round(cpus * 1000))}m`;
}

/**
 * Limits as the manifest gives them (the same numbers Docker enforces). Requests: all the memory
 * (not compressible: a pod over its request is the first evicted) and a quarter of the CPU, so a
 * small cluster can schedule the stack and CPU stays capped by the limit.
 */
export function resourceLimits(memoryMb: number, cpus: number) {
  const memory = `${memoryMb}Mi`;
  return {
    limits: { memory, cpu: cpuQuantity(cpus) },
    requests: { memory, cpu: cpuQuantity(cpus / 4) },
  };
}

/** An HTTP probe on the container's own port (kubelet's probes come from the node). */
export function httpProbe(path: string, port: number) {
  return {
    httpGet: { path, port },
    periodSeconds: 5,
    timeoutSeconds: 3,
    failureThreshold: 5,
  };
}
