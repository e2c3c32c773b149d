import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kubernetesObjects, objectsYaml } from "../../../bench/stack/kubernetes-objects";
import { manifestWith } from "../../kit/manifest";
import { TEST_IMAGES, kubernetesStackResources } from "../../kit/stack/kubernetes-stack-under-test";

const manifest = manifestWith({
  release: { stable: { version: "1.0.0" }, canary: { version: "1.1.0", weight: 10 } },
});
const POLICIES = { "infrastructure.rego": "package swiftdeploy.infrastructure\n" };

/** An object without what only one side has: the provider's own fields. */
function comparable(object: object) {
  const { apiVersion, kind, metadata, spec, data, stringData, type } = object as Record<
    string,
    unknown
  >;
  return JSON.parse(JSON.stringify({ apiVersion, kind, metadata, spec, data, stringData, type }));
}

describe("bench:stack's kubectl side", () => {
  it("applies exactly the objects the Pulumi program creates, field for field", async () => {
    const program = (await kubernetesStackResources(manifest, { nodePort: 30080 }))
      .filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers"))
      .map((r) => comparable(r.inputs));
    const bench = kubernetesObjects(manifest, {
      nodePort: 30080,
      images: TEST_IMAGES,
      policies: POLICIES,
      chaosToken: "chaos-token-value",
    }).objects.map((o) => comparable(o));
    const key = (o: { kind: string; metadata: { namespace?: string; name: string } }) =>
      `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    expect(bench.map(key).sort()).toEqual(program.map(key).sort());
    for (const object of bench) {
      expect(object, key(object)).toEqual(program.find((p) => key(p) === key(object)));
    }
  });

  it("writes them as one YAML file kubectl reads back whole, and names the workloads to wait for", () => {
    const rendered = kubernetesObjects(manifest, {
      images: TEST_IMAGES,
      policies: POLICIES,
      chaosToken: "t",
    });
    const docs = parseAllDocuments(objectsYaml(rendered.objects)).map((d) => d.toJS() as unknown);
    expect(docs).toEqual(JSON.parse(JSON.stringify(rendered.objects)));
    expect(rendered.workloads.map((w) => `${w.namespace} ${w.name}`)).toEqual([
      "swiftdeploy-api deployment/opa",
      "swiftdeploy-api deployment/api-stable",
      "swiftdeploy-api deployment/api-canary",
      "swiftdeploy-api daemonset/proxy",
      "swiftdeploy-api-detector daemonset/detector",
    ]);
  });
});
