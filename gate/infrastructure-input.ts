/** One host fact that could not be measured, with the reason OPA's answer quotes. */
export interface FactError {
  readonly error: string;
}

/** Free space of the filesystem holding Docker's data, from `df -P -B1 <path>`. */
export type DiskFact =
  | { readonly path: string; readonly free_bytes: number; readonly total_bytes: number }
  | ({ readonly path: string } & FactError);

/** 1-minute load average and CPU count, from /proc/loadavg and `nproc`. */
export type LoadFact = { readonly load1: number; readonly cpus: number } | FactError;

/** Available and total memory, from /proc/meminfo. */
export type MemoryFact =
  | { readonly available_bytes: number; readonly total_bytes: number }
  | FactError;

/** Whether the Docker engine answered `docker info`, and its version. */
export type DockerFact =
  | { readonly answering: true; readonly server_version: string }
  | ({ readonly answering: false } & FactError);

/**
 * Input of OPA's `swiftdeploy.infrastructure` policy (snake_case, as the Rego reads it; see
 * policies/opa/README.md).
 */
export interface InfrastructureInput {
  readonly disk: DiskFact;
  readonly load: LoadFact;
  readonly memory: MemoryFact;
  readonly docker: DockerFact;
}
