import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { manifestWith } from "../../kit/manifest";
import type { RegisteredResource } from "../../kit/pulumi/pulumi-mocks";
import { stackResources, type GateTwin } from "../../kit/stack/stack-under-test";

const withCanary = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
});

// What the gate itself needs on the host to be asked at all: the stack's folders, OPA's policy and
// data files, OPA's image and container, and the network OPA sits on.
const BEFORE_THE_GATE = [
  "swiftdeploy-dirs",
  "swiftdeploy-network-edge",
  "swiftdeploy-network-private",
  "swiftdeploy-opa-container",
  "swiftdeploy-opa-file-data-json",
  "swiftdeploy-opa-file-infrastructure-rego",
  "swiftdeploy-opa-image",
];

/** Resources that reach the host (neither the provider nor a component), by name. */
function onTheHost(resources: readonly RegisteredResource[]): string[] {
  return resources
    .filter((r) => !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("swiftdeploy:"))
    .map((r) => r.name)
    .sort();
}

const never: GateTwin = () => pulumi.output(new Promise<string>(() => undefined));
describe("the deploy gate's place in the resource graph", () => {
  // A refused gate rejects the output instead; the engine then fails every resource waiting on it
  // (the stack e2e's refused deploy checks the host afterwards).
  it("writes nothing to the host but what OPA needs while the gate has not answered", async () => {
    expect(onTheHost(await stackResources(withCanary, { gate: never }))).toEqual(BEFORE_THE_GATE);
  });

  it("writes the rest once the gate allowed", async () => {
    const names = onTheHost(await stackResources(withCanary));
    expect(names).toEqual(expect.arrayContaining([...BEFORE_THE_GATE, "swiftdeploy-proxy-config"]));
    expect(names.length).toBeGreaterThan(BEFORE_THE_GATE.length + 10);
  });
});
