import { describe, expect, expectTypeOf, it } from "vitest";
import { renderOpaData, type OpaData } from "../../../../components/render/opa-data";
import { PolicySchema } from "../../../../core/manifest";
import { opaFieldSources } from "../../../../scripts/manifest/opa-fields";

const policy = PolicySchema.parse({
  deploy: { minDiskFreeGb: 7.5, maxLoadPerCpu: 0.8, minMemoryFreeMb: 512 },
  promotion: {
    maxErrorRate: 0.02,
    maxP99Ms: 250,
    minRequests: 300,
    windowSeconds: 120,
    relative: { enabled: true, maxErrorRateIncrease: 0.004, maxP99Ratio: 1.3 },
  },
});

describe("OPA data document", () => {
  it("carries every threshold under data.thresholds with snake_case names", () => {
    expect(renderOpaData(policy)).toEqual({
      thresholds: {
        deploy: { min_disk_free_gb: 7.5, max_load_per_cpu: 0.8, min_memory_free_mb: 512 },
        promotion: {
          max_error_rate: 0.02,
          max_p99_ms: 250,
          min_requests: 300,
          window_seconds: 120,
          relative: { enabled: true, max_error_rate_increase: 0.004, max_p99_ratio: 1.3 },
        },
      },
    });
  });

  it("always includes the relative block, disabled by default", () => {
    const data = renderOpaData(PolicySchema.parse({}));
    expect(data.thresholds.promotion.relative).toEqual({
      enabled: false,
      max_error_rate_increase: 0.005,
      max_p99_ratio: 1.5,
    });
  });

  it.each(opaFieldSources())("takes data.%s from policy.%s", (opaPath, manifestPath) => {
    const read = (root: unknown, dotted: string) =>
      dotted
        .split(".")
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
    expect(read(renderOpaData(policy), opaPath)).toBe(read(policy, manifestPath));
  });

  it("does not include the preview-time guardrails, which belong to the CrossGuard pack", () => {
    expect(Object.keys(renderOpaData(policy).thresholds)).toEqual(["deploy", "promotion"]);
  });
});

describe("the OPA data type", () => {
  it("is derived from the threshold schemas, names in snake_case", () => {
    expectTypeOf<OpaData["thresholds"]["promotion"]["max_p99_ms"]>().toEqualTypeOf<number>();
    expectTypeOf<
      OpaData["thresholds"]["promotion"]["relative"]["enabled"]
    >().toEqualTypeOf<boolean>();
    expectTypeOf<keyof OpaData["thresholds"]["deploy"]>().toEqualTypeOf<
      "min_disk_free_gb" | "max_load_per_cpu" | "min_memory_free_mb"
    >();
  });
});
