import { describe, expect, it } from "vitest";
import { jsonObjects, pulumiSteps, slowestStepRows } from "../../../bench/stack/pulumi-steps";

const URN = "urn:pulumi:k8s::swiftdeploy::";

function pre(timestamp: number, type: string, name: string, op = "create"): string {
  return JSON.stringify({
    sequence: 0,
    timestamp,
    resourcePreEvent: { metadata: { op, type, urn: `${URN}${type}::${name}` } },
  });
}

// Laid out over several lines, as `pulumi up --json` prints its events.
function done(timestamp: number, type: string, name: string, op = "create"): string {
  return JSON.stringify(
    {
      sequence: 0,
      timestamp,
      resOutputsEvent: { metadata: { op, type, urn: `${URN}${type}::${name}` } },
    },
    null,
    4,
  );
}

const LOG = [
  JSON.stringify({ sequence: 0, timestamp: 1000, preludeEvent: { config: {} } }),
  pre(1000, "pulumi:pulumi:Stack", "swiftdeploy-k8s"),
  pre(1001, "swiftdeploy:kubernetes:PolicyServer", "k8s-opa"),
  JSON.stringify({ sequence: 0, timestamp: 1001, diagnosticEvent: { message: 'a "}{" brace' } }),
  pre(1001, "kubernetes:core/v1:Namespace", "k8s-namespace"),
  done(1002, "kubernetes:core/v1:Namespace", "k8s-namespace"),
  pre(1002, "kubernetes:apps/v1:Deployment", "k8s-opa-deployment"),
  pre(1002, "kubernetes:core/v1:ConfigMap", "k8s-old", "same"),
  done(1002, "kubernetes:core/v1:ConfigMap", "k8s-old", "same"),
  done(1014, "kubernetes:apps/v1:Deployment", "k8s-opa-deployment"),
  done(1014, "swiftdeploy:kubernetes:PolicyServer", "k8s-opa"),
  pre(1020, "kubernetes:apps/v1:DaemonSet", "k8s-proxy-daemonset"),
  done(1029, "kubernetes:apps/v1:DaemonSet", "k8s-proxy-daemonset"),
  done(1030, "pulumi:pulumi:Stack", "swiftdeploy-k8s"),
  "",
].join("\n");

describe("bench:stack's pulumi step breakdown", () => {
  it("reads JSON objects one after the other, over several lines, with braces inside strings", () => {
    expect(jsonObjects('{"a":"}{\\"}"}\n{\n  "b": {"c": 1}\n}')).toEqual([
      { a: '}{"}' },
      { b: { c: 1 } },
    ]);
  });

  it("times each resource step from its pre event to its outputs, slowest first, in seconds from the first event", () => {
    expect(pulumiSteps(LOG)).toEqual([
      {
        name: "k8s-opa-deployment",
        type: "kubernetes:apps/v1:Deployment",
        op: "create",
        startS: 2,
        tookS: 12,
      },
      {
        name: "k8s-proxy-daemonset",
        type: "kubernetes:apps/v1:DaemonSet",
        op: "create",
        startS: 20,
        tookS: 9,
      },
      {
        name: "k8s-namespace",
        type: "kubernetes:core/v1:Namespace",
        op: "create",
        startS: 1,
        tookS: 1,
      },
    ]);
  });

  it("leaves out unchanged resources, the stack and the project's components", () => {
    const names = pulumiSteps(LOG).map((s) => s.name);
    expect(names).not.toContain("k8s-old");
    expect(names).not.toContain("k8s-opa");
    expect(names).not.toContain("swiftdeploy-k8s");
  });

  it("prints the slowest steps as rows", () => {
    expect(slowestStepRows(pulumiSteps(LOG), 1)).toEqual([
      ["k8s-opa-deployment", "kubernetes:apps/v1:Deployment", "starts at +2 s", "takes 12 s"],
    ]);
  });
});
