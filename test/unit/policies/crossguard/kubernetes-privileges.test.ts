import { describe, expect, it } from "vitest";
import {
  k8sHostPathLogsOnly,
  k8sNoAddedCapabilities,
  k8sNoHostNamespaces,
  k8sNoPrivilegedPods,
  k8sNoPrivilegeEscalation,
  k8sNonRoot,
} from "../../../../policies/crossguard/kubernetes-privileges";
import { violations } from "../kit";
import {
  compliantDeployment,
  compliantDetector,
  firstContainer,
  withChange,
} from "../kubernetes-kit";

const policies = [
  k8sNoPrivilegedPods,
  k8sNoHostNamespaces,
  k8sHostPathLogsOnly,
  k8sNoAddedCapabilities,
  k8sNoPrivilegeEscalation,
  k8sNonRoot,
];

describe.each([
  ["the API Deployment", compliantDeployment],
  ["the detector DaemonSet", compliantDetector],
])("the privilege policies on %s as rendered", (_, resource) => {
  it.each(policies.map((p) => [p.name, p]))("%s finds nothing", async (_, policy) => {
    expect(await violations(policy, resource())).toEqual([]);
  });
});

describe("k8s-no-privileged-pods", () => {
  it("flags a privileged container", async () => {
    const privileged = withChange(compliantDeployment(), (p) => {
      firstContainer(p).securityContext.privileged = true;
    });
    expect(await violations(k8sNoPrivilegedPods, privileged)).toEqual([
      'Deployment "api-stable" container "api" must not be privileged: remove `securityContext.privileged: true` and add only the capabilities it needs.',
    ]);
  });
});

describe("k8s-no-host-namespaces", () => {
  it("flags the host network anywhere but the detector's DaemonSet", async () => {
    const hostNet = withChange(compliantDeployment(), (p) => {
      p.spec.template.spec.hostNetwork = true;
    });
    expect(await violations(k8sNoHostNamespaces, hostNet)).toEqual([
      "Deployment \"api-stable\" must not use the node's network (hostNetwork): only the detector's DaemonSet may; reach the pod through a Service.",
    ]);
  });

  it("does not let a Deployment claim the detector's exemption by its label", async () => {
    const disguised = withChange(compliantDetector(), () => undefined);
    expect(
      await violations(k8sNoHostNamespaces, {
        ...disguised,
        type: "kubernetes:apps/v1:Deployment",
      }),
    ).toHaveLength(1);
  });

  it("flags hostPID even on the detector", async () => {
    const pid = withChange(compliantDetector(), (p) => {
      p.spec.template.spec.hostPID = true;
    });
    expect(await violations(k8sNoHostNamespaces, pid)).toEqual([
      'DaemonSet "detector" must not set hostPID: remove it.',
    ]);
  });
});

describe("k8s-host-path-logs-only", () => {
  it("flags the detector's pod-log mount when it is writable", async () => {
    const writable = withChange(compliantDetector(), (p) => {
      const mounts = firstContainer(p).volumeMounts as { name: string; readOnly?: boolean }[];
      const logs = mounts.find((m) => m.name === "pod-logs");
      if (logs !== undefined) delete logs.readOnly;
    });
    expect(await violations(k8sHostPathLogsOnly, writable)).toEqual([
      'DaemonSet "detector" container "detector" must mount /var/log/pods read-only: set `readOnly: true` on its volumeMount "pod-logs".',
    ]);
  });

  it("flags any other host path on the detector", async () => {
    const root = withChange(compliantDetector(), (p) => {
      p.spec.template.spec.volumes.push({ name: "root", hostPath: { path: "/" } });
    });
    expect(await violations(k8sHostPathLogsOnly, root)).toEqual([
      'DaemonSet "detector" must not mount the host path /: only the detector\'s DaemonSet may mount /var/log/pods, read-only. Use a ConfigMap, a Secret or an emptyDir.',
    ]);
  });

  it("flags the pod-log path on any other workload", async () => {
    const logs = withChange(compliantDeployment(), (p) => {
      p.spec.template.spec.volumes.push({ name: "logs", hostPath: { path: "/var/log/pods/" } });
    });
    expect(await violations(k8sHostPathLogsOnly, logs)).toHaveLength(1);
  });
});

describe("k8s-no-added-capabilities", () => {
  it("flags NET_ADMIN outside the detector", async () => {
    const adding = withChange(compliantDeployment(), (p) => {
      firstContainer(p).securityContext.capabilities.add = ["NET_ADMIN"];
    });
    expect(await violations(k8sNoAddedCapabilities, adding)).toEqual([
      'Deployment "api-stable" container "api" must not add capabilities NET_ADMIN: remove them from `securityContext.capabilities.add`, or allow them in the pack\'s allowedCapabilities (now: none).',
    ]);
  });

  it("flags any capability beyond NET_ADMIN on the detector", async () => {
    const more = withChange(compliantDetector(), (p) => {
      firstContainer(p).securityContext.capabilities.add = ["NET_ADMIN", "SYS_ADMIN"];
    });
    expect(await violations(k8sNoAddedCapabilities, more)).toEqual([
      expect.stringContaining("must not add capabilities SYS_ADMIN"),
    ]);
  });

  it("accepts a capability on the configured allow-list", async () => {
    const bind = withChange(compliantDeployment(), (p) => {
      firstContainer(p).securityContext.capabilities.add = ["CAP_NET_BIND_SERVICE"];
    });
    expect(
      await violations(k8sNoAddedCapabilities, bind, {
        allowedCapabilities: ["NET_BIND_SERVICE"],
      }),
    ).toEqual([]);
  });
});

describe("k8s-no-privilege-escalation", () => {
  it("flags a container that does not forbid escalation", async () => {
    const escalating = withChange(compliantDeployment(), (p) => {
      delete firstContainer(p).securityContext.allowPrivilegeEscalation;
    });
    expect(await violations(k8sNoPrivilegeEscalation, escalating)).toEqual([
      'Deployment "api-stable" container "api" must set `securityContext.allowPrivilegeEscalation: false` (Kubernetes allows escalation unless told not to).',
    ]);
  });
});

describe("k8s-non-root", () => {
  it("flags uid 0", async () => {
    const root = withChange(compliantDeployment(), (p) => {
      firstContainer(p).securityContext.runAsUser = 0;
    });
    expect(await violations(k8sNonRoot, root)).toEqual([
      'Deployment "api-stable" container "api" must run as a non-root user: set `securityContext.runAsNonRoot: true` and `runAsUser` to an unprivileged uid such as 10001 (it is 0).',
    ]);
  });

  it("flags a container that leaves the user to the image", async () => {
    const unset = withChange(compliantDeployment(), (p) => {
      delete firstContainer(p).securityContext.runAsUser;
      delete firstContainer(p).securityContext.runAsNonRoot;
    });
    expect(await violations(k8sNonRoot, unset)).toHaveLength(1);
  });

  it("accepts runAsNonRoot from the pod's security context", async () => {
    const podLevel = withChange(compliantDeployment(), (p) => {
      delete firstContainer(p).securityContext.runAsUser;
      delete firstContainer(p).securityContext.runAsNonRoot;
      p.spec.template.spec.securityContext = { runAsNonRoot: true };
    });
    expect(await violations(k8sNonRoot, podLevel)).toEqual([]);
  });
});
