import type * as docker from "@pulumi/docker";
import { ROLE_LABEL, type Role } from "../../core/roles";
import { CONTAINER_USER } from "../naming";

/**
 * The most processes (threads included) a container may start. Docker's pids cgroup limit is not
 * among the Docker provider's inputs, so this is the nproc ulimit: the kernel counts it per user,
 * and every SwiftDeploy container runs as the same user, so it caps the stack's containers
 * together — a fork bomb in one stops at this count instead of exhausting the host's pids. The
 * stack's containers use about 60 at rest (Nginx workers, Node's and OPA's threads).
 */
export const MAX_PROCESSES = 512;

/** What differs between SwiftDeploy's containers; everything else is the same hardened baseline. */
export interface HardenedContainerInput {
  readonly role: Role;
  readonly memoryMb: number;
  readonly cpus: number;
  readonly restart: string;
  readonly healthcheck: readonly string[];
  readonly extraLabels?: Readonly<Record<string, string>>;
}

/**
 * The baseline every container gets: non-root, read-only root filesystem with a small tmpfs, all
 * capabilities dropped, no privilege escalation, memory, CPU and process limits, a health check, a
 * restart policy, and the role label the CrossGuard pack reads (which checks each of these).
 */
export function hardenedContainerArgs(input: HardenedContainerInput) {
  const labels = { [ROLE_LABEL]: input.role, ...input.extraLabels };
  return {
    user: CONTAINER_USER,
    readOnly: true,
    tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    memory: input.memoryMb,
    ulimits: [{ name: "nproc", soft: MAX_PROCESSES, hard: MAX_PROCESSES }],
    cpus: String(input.cpus),
    restart: input.restart,
    healthcheck: {
      tests: [...input.healthcheck],
      interval: "5s",
      timeout: "3s",
      retries: 5,
      startPeriod: "5s",
    },
    labels: Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, value]) => ({ label, value })),
    logDriver: "json-file",
    logOpts: { "max-size": "10m", "max-file": "3" },
    wait: true,
    waitTimeout: 120,
  } satisfies Partial<docker.ContainerArgs>;
}
