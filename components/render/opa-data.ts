import type { DeployThresholds, PromotionThresholds } from "../../core/manifest";

/**
 * OPA's data document (`data.thresholds…`), read by the `infrastructure` and `canary` policies.
 * Names are the manifest's, in snake_case, with the unit in the name.
 */
export interface OpaData {
  readonly thresholds: {
    readonly deploy: {
      readonly min_disk_free_gb: number;
      readonly max_load_per_cpu: number;
      readonly min_memory_free_mb: number;
    };
    readonly promotion: {
      readonly max_error_rate: number;
      readonly max_p99_ms: number;
      readonly min_requests: number;
      readonly window_seconds: number;
      readonly relative: {
        readonly enabled: boolean;
        readonly max_error_rate_increase: number;
        readonly max_p99_ratio: number;
      };
    };
  };
}

/** The thresholds part of the manifest's `policy` section. */
export interface ThresholdsInput {
  readonly deploy: DeployThresholds;
  readonly promotion: PromotionThresholds;
}

/** OPA's data document from the manifest's thresholds: the only place OPA learns them. */
export function renderOpaData(policy: ThresholdsInput): OpaData {
  const { deploy, promotion } = policy;
  return {
    thresholds: {
      deploy: {
        min_disk_free_gb: deploy.minDiskFreeGb,
        max_load_per_cpu: deploy.maxLoadPerCpu,
        min_memory_free_mb: deploy.minMemoryFreeMb,
      },
      promotion: {
        max_error_rate: promotion.maxErrorRate,
        max_p99_ms: promotion.maxP99Ms,
        min_requests: promotion.minRequests,
        window_seconds: promotion.windowSeconds,
        relative: {
          enabled: promotion.relative.enabled,
          max_error_rate_increase: promotion.relative.maxErrorRateIncrease,
          max_p99_ratio: promotion.relative.maxP99Ratio,
        },
      },
    },
  };
}
