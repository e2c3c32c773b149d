import { describe, expect, it } from "vitest";
import { hostPaths } from "../../../../components/naming";
import { renderProxyConfigData } from "../../../../components/kubernetes/render/proxy-workload";
import { proxyConfig } from "../../../../components/render/proxy-container";
import type { Manifest } from "../../../../core/manifest";
import { seededRandom } from "../../../../core/random";
import { parseProxyWeights } from "../../../../cli/status/nginx-weights";
import { manifestWith } from "../../../kit/manifest";

/** The nginx.conf each target deploys; `status` reads the split back from it. */
const TARGETS: [string, (manifest: Manifest) => string][] = [
  ["docker", (manifest) => proxyConfig(manifest, hostPaths(manifest.service.name))],
  ["kubernetes", (manifest) => renderProxyConfigData(manifest)["nginx.conf"]!],
];

const RUNS = 200;
const SEEDS = [1, 22, 20261205];

/** A canary at `weight` percent beside stable. */
function withCanary(weight: number): Manifest {
  return manifestWith({
    release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight } },
  });
}

describe.each(TARGETS)("canary weights in the %s nginx.conf", (_target, render) => {
  it.each(SEEDS)(`read back as rendered: ${RUNS} seeded weights (seed %i)`, (seed) => {
    const random = seededRandom(seed);
    for (let run = 0; run < RUNS; run++) {
      const weight = Math.floor(random() * 101);
      expect({ weight, parsed: parseProxyWeights(render(withCanary(weight))) }).toEqual({
        weight,
        parsed: { stable: 100 - weight, canary: weight },
      });
    }
  });

  it.each([0, 1, 50, 99, 100])("reads back the edge weight %i", (weight) => {
    expect(parseProxyWeights(render(withCanary(weight)))).toEqual({
      stable: 100 - weight,
      canary: weight,
    });
  });

  it("reads a stack without a canary as all traffic on stable", () => {
    expect(parseProxyWeights(render(manifestWith()))).toEqual({ stable: 100, canary: 0 });
  });
});
