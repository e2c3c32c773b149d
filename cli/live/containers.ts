import { z } from "zod";
import { ROLE_LABEL } from "../../core/roles";

/** A SwiftDeploy container running on the host, as `docker inspect` describes it. */
export interface LiveContainer {
  readonly name: string;
  /** proxy | api-stable | api-canary | opa. */
  readonly role: string;
  readonly version: string | null;
  /** Its address on the stack's network(s), as the host reaches it. */
  readonly address: string | null;
  readonly running: boolean;
  /** healthy | starting | unhealthy | none (no health check) | stopped. */
  readonly health: string;
}

/** Lists the service's containers with everything `parseContainers` reads. */
export function discoverCommand(service: string): string {
  return `docker ps -q --filter 'label=dev.swiftdeploy.service=${service.replace(/[^a-z0-9-]/g, "")}' | xargs -r docker inspect`;
}

const Inspect = z.array(
  z.looseObject({
    Name: z.string(),
    Config: z.looseObject({ Labels: z.record(z.string(), z.string()).nullable().optional() }),
    State: z.looseObject({
      Running: z.boolean(),
      Health: z.looseObject({ Status: z.string() }).optional().nullable(),
    }),
    NetworkSettings: z.looseObject({
      Networks: z
        .record(z.string(), z.looseObject({ IPAddress: z.string().optional() }))
        .nullable()
        .optional(),
    }),
  }),
);

/** Parses `docker inspect` output (an empty output is no containers), sorted by name. */
export function parseContainers(output: string): LiveContainer[] {
  if (output.trim() === "") return [];
  const parsed = Inspect.parse(JSON.parse(output));
  return parsed
    .map((c) => {
      const labels = c.Config.Labels ?? {};
      const address =
        Object.values(c.NetworkSettings.Networks ?? {})
          .map((n) => n.IPAddress ?? "")
          .find((ip) => ip !== "") ?? null;
      return {
        name: c.Name.replace(/^\//, ""),
        role: labels[ROLE_LABEL] ?? "unknown",
        version: labels["dev.swiftdeploy.version"] ?? null,
        address,
        running: c.State.Running,
        health: !c.State.Running ? "stopped" : (c.State.Health?.Status ?? "none"),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
