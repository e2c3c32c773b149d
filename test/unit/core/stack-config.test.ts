import { describe, expect, it } from "vitest";
import { SwiftDeployError } from "../../../core/errors";
import { parseStackConfig } from "../../../core/stack-config";

function problem(raw: Record<string, unknown>): string {
  try {
    parseStackConfig(raw, "k8s");
  } catch (error) {
    if (error instanceof SwiftDeployError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected the config to be refused");
}

describe("parseStackConfig", () => {
  it("defaults to the docker target and accepts an SSH key file", () => {
    const config = parseStackConfig({ sshPrivateKeyFile: "id" }, "dev");
    expect(config.target).toBe("docker");
    expect(config.kubectl).toBe("kubectl");
  });

  it("accepts the kubernetes target with a kubeconfig secret and its settings", () => {
    const config = parseStackConfig(
      { target: "kubernetes", hasKubeconfig: true, namespace: "shop", nodePort: 30080 },
      "k8s",
    );
    expect(config).toMatchObject({ target: "kubernetes", namespace: "shop", nodePort: 30080 });
  });

  it("accepts a kubeconfig file instead of the secret", () => {
    expect(
      parseStackConfig({ target: "kubernetes", kubeconfigFile: "admin.kubeconfig" }, "k8s")
        .kubeconfigFile,
    ).toBe("admin.kubeconfig");
  });

  it("refuses the kubernetes target without a kubeconfig, saying how to set one", () => {
    expect(problem({ target: "kubernetes" })).toBe(
      "SD_CONFIG_INVALID: Pulumi.k8s.yaml: swiftdeploy:target is kubernetes but no kubeconfig is set\n" +
        "  - set one: pulumi config set --secret swiftdeploy:kubeconfig < ~/.kube/config\n" +
        "  - or: pulumi config set swiftdeploy:kubeconfigFile ~/.kube/config",
    );
  });

  it("refuses the docker target without an SSH key", () => {
    expect(problem({})).toContain("no SSH key for the host");
  });

  it("names every setting of the other target", () => {
    expect(problem({ target: "kubernetes", hasKubeconfig: true, sshPrivateKeyFile: "id" })).toBe(
      "SD_CONFIG_INVALID: Pulumi.k8s.yaml: settings of two targets are mixed\n" +
        "  - swiftdeploy:sshPrivateKeyFile is a docker setting but swiftdeploy:target is kubernetes: remove it, or set swiftdeploy:target to docker",
    );
    expect(problem({ sshPrivateKeyFile: "id", nodePort: 30080, hasKubeconfig: true })).toContain(
      "swiftdeploy:kubeconfig is a kubernetes setting but swiftdeploy:target is docker",
    );
  });

  it.each([
    [{ target: "swarm" }, "swiftdeploy:target"],
    [{ target: "kubernetes", hasKubeconfig: true, nodePort: 8080 }, "swiftdeploy:nodePort"],
    [{ target: "kubernetes", hasKubeconfig: true, namespace: "Bad_Name" }, "swiftdeploy:namespace"],
  ])("refuses %j naming the key", (raw, key) => {
    expect(problem(raw)).toContain(key);
  });
});
