import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { ROLE_LABEL, Role } from "../../../core/roles";
import type { ContainerProps } from "../../../policies/crossguard/lib/resource-types";
import { ResourceType } from "../../../policies/crossguard/lib/resource-types";
import { recordSecretPaths } from "../../../policies/crossguard/lib/secret-marks";

// The SDK's own proxy and unknown sentinels (runtime exports without typings): props reach
// policies in tests exactly as the analyzer hands them over, unknowns included.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(value: T): T;
  unknownStringValue: string;
  unknownArrayValue: string;
  unknownObjectValue: string;
};

/** Values the engine does not know at preview, as it encodes them. */
export const Unknown = {
  string: proxy.unknownStringValue,
  array: proxy.unknownArrayValue,
  object: proxy.unknownObjectValue,
} as const;

/** A realistic digest-pinned image reference. */
export const PINNED_IMAGE = `sha256:${"ab12".repeat(16)}`;

/** A container that passes every resource policy; tests change one field at a time. */
export function compliantContainer(role: string = Role.ApiStable): ContainerProps {
  return {
    name: `swiftdeploy-${role}`,
    image: PINNED_IMAGE,
    labels: [{ label: ROLE_LABEL, value: role }],
    envs: ["NODE_ENV=production", "PORT=3000"],
    memory: 256,
    cpus: "0.5",
    healthcheck: {
      tests: ["CMD", "/usr/local/bin/node", "healthcheck.js"],
      interval: "10s",
      retries: 3,
    },
    restart: "unless-stopped",
    user: "10001:10001",
    readOnly: true,
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    ulimits: [{ name: "nproc", soft: 512, hard: 512 }],
    networksAdvanced: [{ name: "swiftdeploy-net" }],
    ...(role === Role.Proxy ? { ports: [{ internal: 8080, external: 8080 }] } : {}),
  };
}

/** A synthetic resource as the analyzer would see it. */
export interface TestResource {
  readonly type?: string;
  readonly name?: string;
  readonly props: object;
  /** Paths of values that were Pulumi secrets, e.g. [["envs", 2]]. */
  readonly secretPaths?: readonly (readonly (string | number)[])[];
}

function analyzerProps(resource: TestResource): Record<string, unknown> {
  const copy = structuredClone(resource.props) as Record<string, unknown>;
  if (resource.secretPaths !== undefined) recordSecretPaths(copy, resource.secretPaths);
  return proxy.unknownCheckingProxy(copy);
}

/** The resource options the analyzer passes when a program sets none. */
function defaultOptions() {
  return {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
}

function urnOf(type: string, name: string): string {
  return `urn:pulumi:test::swiftdeploy::${type}::${name}`;
}

/** Runs a resource policy on one resource; returns the violation messages. */
export async function violations(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: object = {},
): Promise<string[]> {
  const type = resource.type ?? ResourceType.Container;
  const name = resource.name ?? "api";
  const messages: string[] = [];
  const args = {
    type,
    name,
    urn: urnOf(type, name),
    props: analyzerProps(resource),
    opts: defaultOptions(),
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => config as T,
    isType: () => false,
    asType: () => undefined,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  } satisfies ResourceValidationArgs;
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  for (const validate of validations) await validate?.(args, (message) => messages.push(message));
  return messages;
}

/** Runs a stack policy over resources; returns the violations with the URN each names, if any. */
export async function stackViolations(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  config: object = {},
): Promise<{ message: string; urn?: string }[]> {
  const found: { message: string; urn?: string }[] = [];
  const policyResources = resources.map((resource, i) => {
    const type = resource.type ?? ResourceType.Container;
    const name = resource.name ?? `resource-${i}`;
    return {
      type,
      name,
      urn: urnOf(type, name),
      props: analyzerProps(resource),
      opts: defaultOptions(),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } satisfies PolicyResource;
  });
  const args = {
    resources: policyResources,
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`notApplicable: ${reason}`);
    },
  } satisfies StackValidationArgs;
  await policy.validateStack(args, (message, urn) =>
    found.push(urn === undefined ? { message } : { message, urn }),
  );
  return found;
}

/** A stack that passes every stack policy: network, proxy, two APIs, OPA, detector install. */
export function compliantStack(): TestResource[] {
  return [
    {
      type: ResourceType.Network,
      name: "swiftdeploy-net",
      props: { name: "swiftdeploy-net", driver: "bridge" },
    },
    { name: "swiftdeploy-proxy", props: compliantContainer(Role.Proxy) },
    { name: "swiftdeploy-api-stable", props: compliantContainer(Role.ApiStable) },
    { name: "swiftdeploy-api-canary", props: compliantContainer(Role.ApiCanary) },
    { name: "swiftdeploy-opa", props: compliantContainer(Role.Opa) },
    {
      type: ResourceType.RemoteCommand,
      name: "swiftdeploy-detector-install",
      props: {
        create: "install-detector",
        delete: "uninstall-detector",
        connection: { host: "10.0.0.2" },
      },
    },
  ];
}

/** `props` with one top-level field replaced (or removed when `value` is undefined). */
export function changed<T extends object>(props: T, field: string, value: unknown): T {
  const copy = { ...props } as Record<string, unknown>;
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return copy as T;
}
