import { Role } from "../../../core/roles";
import { renderApiDeployment } from "../../../components/kubernetes/render/api-workload";
import { renderDetectorDaemonSet } from "../../../components/kubernetes/render/detector-workload";
import { manifestWith } from "../../kit/manifest";
import { PINNED_IMAGE, type TestResource } from "./kit";

// Compliant Kubernetes workloads come from the stack's own renderers: the pack and the components
// cannot drift apart unnoticed.

const manifest = manifestWith({});

/** Deployment and DaemonSet type tokens. */
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const DAEMONSET = "kubernetes:apps/v1:DaemonSet";
export const SERVICE = "kubernetes:core/v1:Service";

/** The API's stable Deployment as the stack renders it. */
export function compliantDeployment(): TestResource {
  return {
    type: DEPLOYMENT,
    name: "api-stable",
    props: renderApiDeployment(manifest, {
      namespace: "ns",
      track: "stable",
      version: "1.0.0",
      image: PINNED_IMAGE,
      imageName: "api:1.0.0",
    }),
  };
}

/** The detector's DaemonSet as the stack renders it. */
export function compliantDetector(): TestResource {
  return {
    type: DAEMONSET,
    name: "detector",
    props: renderDetectorDaemonSet(manifest, {
      namespace: "ns-detector",
      configMapName: "detector-config",
      image: PINNED_IMAGE,
      imageName: "swiftdeploy/detector:dev",
      webhook: false,
    }),
  };
}

type Mutable = Record<string, unknown> & {
  spec: {
    template: {
      metadata: { labels: Record<string, string> };
      spec: Record<string, unknown> & {
        containers: Record<string, unknown>[];
        volumes: Record<string, unknown>[];
      };
    };
  };
};

/** A deep copy of `resource` with `change` applied to its props (pod template at `.spec.template`). */
export function withChange(resource: TestResource, change: (props: Mutable) => void): TestResource {
  const props = structuredClone(resource.props) as Mutable;
  change(props);
  return { ...resource, props };
}

/** The first container's securityContext, for tests to change. */
export function firstContainer(props: Mutable): Record<string, unknown> & {
  securityContext: Record<string, unknown> & { capabilities: { add?: string[]; drop: string[] } };
  resources: { limits: Record<string, string> };
} {
  return props.spec.template.spec.containers[0] as never;
}

/** A Service of the given type and role. */
export function service(type: string, role: string = Role.ApiStable): TestResource {
  return {
    type: SERVICE,
    name: `svc-${role}`,
    props: {
      metadata: { name: role, labels: { "dev.swiftdeploy.role": role } },
      spec: { type, ports: [{ port: 80 }] },
    },
  };
}
