import type { OutputMap } from "@pulumi/pulumi/automation";

/** The stack outputs the CLI reads (index.ts exports them). */
export interface StackOutputs {
  readonly publicUrl?: string;
  readonly dashboard?: string;
  readonly detectorUnitState?: string;
  readonly containers: Readonly<Record<string, string>>;
  /** Secret; never printed. */
  readonly chaosToken?: string;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** Typed outputs from the engine's output map (missing or odd values are left out). */
export function readOutputs(outputs: OutputMap): StackOutputs {
  const containers = outputs.containers?.value;
  return {
    publicUrl: text(outputs.publicUrl?.value),
    dashboard: text(outputs.dashboard?.value),
    detectorUnitState: text(outputs.detectorUnitState?.value),
    containers:
      containers !== null && typeof containers === "object"
        ? Object.fromEntries(
            Object.entries(containers as Record<string, unknown>).filter(
              (entry): entry is [string, string] => typeof entry[1] === "string",
            ),
          )
        : {},
    chaosToken: text(outputs.chaosToken?.value),
  };
}
