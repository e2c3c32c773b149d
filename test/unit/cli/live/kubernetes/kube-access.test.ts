import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../../../../cli/context";
import { readOutputs } from "../../../../../cli/engine/stack-outputs";
import {
  kubeAccess,
  kubeconfigServer,
  stackNamespaces,
} from "../../../../../cli/live/kubernetes/kube-access";
import { ErrorCode } from "../../../../../core/errors";
import { manifestWith } from "../../../../kit/manifest";

const KUBECONFIG = `apiVersion: v1
kind: Config
current-context: admin@b
contexts:
  - name: admin@a
    context: { cluster: a, user: admin }
  - name: admin@b
    context: { cluster: b, user: admin }
clusters:
  - name: a
    cluster: { server: "https://10.0.0.1:6443" }
  - name: b
    cluster: { server: "https://172.31.254.10:6443" }
`;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project whose Pulumi.k8s.yaml holds `config`, with an executable `kubectl-here`; no kubectl on PATH. */
function project(config: Record<string, string>): CliContext {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-kube-access-"));
  dirs.push(dir);
  writeFileSync(path.join(dir, "admin.kubeconfig"), KUBECONFIG);
  writeFileSync(path.join(dir, "kubectl-here"), "#!/bin/sh\n", { mode: 0o755 });
  const lines = Object.entries(config).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  writeFileSync(path.join(dir, "Pulumi.k8s.yaml"), `config:\n${lines.join("\n")}\n`);
  return {
    projectDir: dir,
    stack: "k8s",
    configFile: path.join(dir, "Pulumi.k8s.yaml"),
    explicitConfigFile: false,
    env: { PATH: path.join(dir, "no-such-dir") },
  } as unknown as CliContext;
}

describe("kubeconfigServer", () => {
  it("names the API server of the current context", () => {
    expect(kubeconfigServer(KUBECONFIG)).toBe("https://172.31.254.10:6443");
  });

  it("says nothing of a file that is no kubeconfig", () => {
    expect(kubeconfigServer("{{{")).toBeUndefined();
  });
});

describe("kubeAccess", () => {
  it("reads the stack's kubeconfig file and the kubectl it names", async () => {
    const ctx = project({
      "swiftdeploy:kubeconfigFile": "admin.kubeconfig",
      "swiftdeploy:kubectl": "./kubectl-here",
    });
    expect(await kubeAccess(ctx)).toEqual({
      kubeconfig: KUBECONFIG,
      kubectl: path.join(ctx.projectDir, "kubectl-here"),
      server: "https://172.31.254.10:6443",
    });
  });

  it("says kubectl is missing and how to get it (exit 9)", async () => {
    const ctx = project({ "swiftdeploy:kubeconfigFile": "admin.kubeconfig" });
    await expect(kubeAccess(ctx)).rejects.toMatchObject({
      code: ErrorCode.ToolMissing,
      message: expect.stringContaining(
        "kubectl (`kubectl`, swiftdeploy:kubectl) is not on PATH: the CLI reaches the cluster through it",
      ),
    });
  });

  it("says which keys set a kubeconfig when the stack has none (exit 6)", async () => {
    const ctx = project({ "swiftdeploy:kubectl": "./kubectl-here" });
    await expect(kubeAccess(ctx)).rejects.toMatchObject({
      code: ErrorCode.ConfigInvalid,
      message: expect.stringContaining(
        "Pulumi.k8s.yaml: no kubeconfig for the cluster\n  - set one: pulumi config set --secret swiftdeploy:kubeconfig < ~/.kube/config",
      ),
    });
  });
});

describe("stackNamespaces", () => {
  const manifest = manifestWith({});

  it("takes the namespaces the last update reported", () => {
    const outputs = readOutputs({
      namespace: { value: "sd-e2e", secret: false },
      workloads: { value: { detectorNamespace: "sd-e2e-detector" }, secret: false },
    });
    expect(stackNamespaces(project({}), manifest, outputs)).toEqual({
      app: "sd-e2e",
      detector: "sd-e2e-detector",
    });
  });

  it("else the configured one, else swiftdeploy-<service>, the detector's beside it", () => {
    const configured = project({ "swiftdeploy:namespace": "shop" });
    expect(stackNamespaces(configured, manifest, readOutputs({}))).toEqual({
      app: "shop",
      detector: "shop-detector",
    });
    expect(stackNamespaces(project({}), manifest, readOutputs({}))).toEqual({
      app: "swiftdeploy-api",
      detector: "swiftdeploy-api-detector",
    });
  });
});
