import type { DeployThresholds, PromotionThresholds } from "../../core/manifest";

/** The thresholds part of the manifest's `policy` section. */
export interface ThresholdsInput {
  readonly deploy: DeployThresholds;
  readonly promotion: PromotionThresholds;
}

/** A camelCase name in snake_case, as a type: `maxP99Ms` → `max_p99_ms`. */
type Snake<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}`
  : S;

/** `T` with every key in snake_case, all the way down. */
type SnakeKeys<T> = {
  readonly [K in keyof T as K extends string ? Snake<K> : never]: T[K] extends object
    ? SnakeKeys<T[K]>
    : T[K];
};

/**
 * OPA's data document (`data.thresholds…`), read by the `infrastructure` and `canary` policies:
 * the manifest's deploy and promotion thresholds, names in snake_case (with the unit in the name).
 * The type comes from the zod schemas (core/manifest/thresholds-schema.ts), so a threshold added
 * there reaches OPA and this type without a second list.
 */
export type OpaData = { readonly thresholds: SnakeKeys<ThresholdsInput> };

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The runtime twin of {@link SnakeKeys}: plain objects are copied with their keys in snake_case. */
function snakeKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [snake(key), snakeKeys(child)]),
  );
}

/** OPA's data document from the manifest's thresholds: the only place OPA learns them. */
export function renderOpaData(policy: ThresholdsInput): OpaData {
  const thresholds = { deploy: policy.deploy, promotion: policy.promotion };
  return { thresholds: snakeKeys(thresholds) as OpaData["thresholds"] };
}
