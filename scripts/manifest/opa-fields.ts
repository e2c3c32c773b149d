import { renderOpaData } from "../../components/render/opa-data";
import { PolicySchema } from "../../core/manifest";

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function leaves(value: unknown, path: string[]): string[][] {
  if (value === null || typeof value !== "object") return [path];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
}

/**
 * Every OPA data path ("thresholds.deploy.min_disk_free_gb") with the `policy.` field it comes
 * from ("deploy.minDiskFreeGb"): the snake_case name of the manifest field, by construction.
 */
export function opaFieldSources(): [string, string][] {
  const data = renderOpaData(PolicySchema.parse({}));
  return leaves(data, []).map((path) => [path.join("."), path.slice(1).map(camel).join(".")]);
}
