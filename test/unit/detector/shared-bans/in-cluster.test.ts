import { describe, expect, it } from "vitest";
import { inClusterAccess, SERVICE_ACCOUNT_DIR } from "../../../../detector/shared-bans/in-cluster";

const files: Record<string, string> = {
  [`${SERVICE_ACCOUNT_DIR}/token`]: "tok-1\n",
  [`${SERVICE_ACCOUNT_DIR}/ca.crt`]: "PEM",
  [`${SERVICE_ACCOUNT_DIR}/namespace`]: "swiftdeploy-api-detector",
};

function read(path: string): string {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
}

describe("inClusterAccess", () => {
  it("reads the API's address from the pod's environment and the service account's files", () => {
    const access = inClusterAccess(
      { KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" },
      read,
    );
    expect(access.target.url).toBe("https://10.96.0.1:443");
    expect(access.target.token?.()).toBe("tok-1");
    expect(access.target.ca).toBe("PEM");
    expect(access.namespace).toBe("swiftdeploy-api-detector");
  });

  it("brackets an IPv6 service address", () => {
    expect(inClusterAccess({ KUBERNETES_SERVICE_HOST: "fd00::1" }, read).target.url).toBe(
      "https://[fd00::1]:443",
    );
  });

  it("says it needs a pod outside Kubernetes, and a service account when its files are missing", () => {
    expect(() => inClusterAccess({}, read)).toThrow(/works only in a Kubernetes pod/);
    expect(() =>
      inClusterAccess({ KUBERNETES_SERVICE_HOST: "10.96.0.1" }, () => {
        throw new Error("ENOENT");
      }),
    ).toThrow(/service account's token \(ENOENT\).*automountServiceAccountToken: true/);
  });
});
