import type { EnforcementLevel, GuardrailsConfig } from "./guardrails-schema";
import { GuardrailPolicy } from "./guardrails-schema";

/** A policy's entry: its level, plus the settings its `configSchema` declares. */
export interface PolicyEntry {
  readonly enforcementLevel: EnforcementLevel;
  readonly [setting: string]: unknown;
}

/**
 * The CrossGuard pack's config file (`pulumi preview --policy-pack-config <file>`): `all` sets
 * every policy's level, then each named policy its own level and settings.
 */
export type CrossGuardConfig = { readonly all: EnforcementLevel } & {
  readonly [policy in GuardrailPolicy]?: PolicyEntry;
};

/** Settings of the policies that take thresholds, keyed by policy name. */
function settingsOf(guardrails: GuardrailsConfig): Partial<Record<GuardrailPolicy, object>> {
  const capabilities = { allowedCapabilities: [...guardrails.allowedCapabilities] };
  const tags = { allowedLocalTags: [...guardrails.allowedLocalTags] };
  const limits = {
    maxMemoryMb: guardrails.maxContainerMemoryMb,
    maxCpus: guardrails.maxContainerCpus,
  };
  // The Kubernetes policies take the same settings as their Docker twins: one source for both.
  return {
    [GuardrailPolicy.NoAddedCapabilities]: capabilities,
    [GuardrailPolicy.ImagesPinned]: tags,
    [GuardrailPolicy.ContainerResourceLimits]: limits,
    [GuardrailPolicy.K8sNoAddedCapabilities]: capabilities,
    [GuardrailPolicy.K8sImagesPinned]: tags,
    [GuardrailPolicy.K8sResourceLimits]: limits,
    [GuardrailPolicy.ContainerProcessLimit]: { maxProcesses: guardrails.maxContainerProcesses },
  };
}

/** The pack's config from the manifest's guardrails; policies without settings or level are left to `all`. */
export function renderCrossGuardConfig(guardrails: GuardrailsConfig): CrossGuardConfig {
  const settings = settingsOf(guardrails);
  const config: Record<string, unknown> = { all: guardrails.enforcement };
  for (const policy of Object.values(GuardrailPolicy)) {
    const level = guardrails.levels[policy];
    const extra = settings[policy];
    if (level === undefined && extra === undefined) continue;
    config[policy] = { enforcementLevel: level ?? guardrails.enforcement, ...extra };
  }
  return config as CrossGuardConfig;
}
