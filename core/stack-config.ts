import { z } from "zod";
import { ErrorCode, SwiftDeployError } from "./errors";
import type { NestedOverrides } from "./manifest/override-paths";
import { parseHostKeys } from "./ssh-host-key";

/** Where a stack deploys: one Docker host over SSH, or a Kubernetes cluster. */
export const DeployTarget = {
  Docker: "docker",
  Kubernetes: "kubernetes",
} as const;
export type DeployTarget = (typeof DeployTarget)[keyof typeof DeployTarget];

/** The range Kubernetes gives NodePorts by default (`--service-node-port-range`). */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/**
 * The `swiftdeploy:*` keys a Pulumi stack config (Pulumi.<stack>.yaml) may set. Everything about
 * what runs is in manifest.yaml; these say where and with which credentials.
 */
export const StackConfigSchema = z.strictObject({
  /** Path of the manifest, relative to the project folder. */
  manifest: z.string().min(1).default("manifest.yaml"),
  /**
   * Per-stack overrides of named manifest fields (see docs/manifest.md): dotted names or nested
   * objects (`pulumi config set --path`); `applyOverrides` checks names and values.
   */
  overrides: z
    .custom<NestedOverrides>(
      (value) => typeof value === "object" && value !== null && !Array.isArray(value),
      'an object of manifest fields like {"host.user": "deploy"}',
    )
    .default({}),
  /** `docker` (one host over SSH) or `kubernetes` (a cluster through a kubeconfig). */
  target: z.enum([DeployTarget.Docker, DeployTarget.Kubernetes]).default(DeployTarget.Docker),
  /** Whether the secret swiftdeploy:sshPrivateKey is set (its value never passes through here). */
  hasSshPrivateKey: z.boolean().default(false),
  /** Or a key file on the operator's machine; its content is treated as a secret. */
  sshPrivateKeyFile: z.string().optional(),
  /**
   * `yes`: every SSH connection (remote commands, the Docker CLI, the deploy gate) must present a
   * key pinned in `sshHostKey`; `accept-new` (default): the pinned key when there is one, else the
   * Docker CLI trusts the host the first time (known_hosts); `no`: nothing is checked.
   */
  sshStrictHostKeyChecking: z.enum(["yes", "accept-new", "no"]).default("accept-new"),
  /** The host's SSH public key(s), one per line, as `ssh-keyscan` prints them. */
  sshHostKey: z.string().optional(),
  /** Node.js binary copied to the host for the detector (default: the one setup caches). */
  hostNodeBinary: z.string().optional(),
  /** Whether the secret swiftdeploy:kubeconfig is set (its value never passes through here). */
  hasKubeconfig: z.boolean().default(false),
  /** Or a kubeconfig file on the operator's machine; its content is treated as a secret. */
  kubeconfigFile: z.string().optional(),
  /** The namespace the stack lives in (default `swiftdeploy-<service name>`); the detector's is `<it>-detector`. */
  namespace: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]{0,52}[a-z0-9])?$/,
      "a DNS label of at most 54 characters like swiftdeploy-api",
    )
    .optional(),
  /** The public NodePort of Nginx on the edge nodes (default: Kubernetes picks one). */
  nodePort: z.int().min(NODE_PORT_RANGE.min).max(NODE_PORT_RANGE.max).optional(),
  /** The detector's image on the cluster (built from detector/Dockerfile; default `swiftdeploy/detector:dev`). */
  detectorImage: z.string().min(1).optional(),
  /** The kubectl the deploy gate runs to reach OPA inside the cluster (default `kubectl` on PATH). */
  kubectl: z.string().min(1).default("kubectl"),
  /**
   * Let `pulumi up`/`preview` run without the CrossGuard pack (`--policy-pack policies/crossguard`);
   * otherwise the program stops with SD_UNGUARDED before creating anything.
   */
  allowUnguarded: z.boolean().default(false),
});

/** The stack's typed config. */
export type StackConfig = z.output<typeof StackConfigSchema>;

/** The keys that only mean something on one target, with whether each is set. */
function targetKeys(config: StackConfig): Record<DeployTarget, Record<string, boolean>> {
  return {
    docker: {
      sshPrivateKey: config.hasSshPrivateKey,
      sshPrivateKeyFile: config.sshPrivateKeyFile !== undefined,
      hostNodeBinary: config.hostNodeBinary !== undefined,
    },
    kubernetes: {
      kubeconfig: config.hasKubeconfig,
      kubeconfigFile: config.kubeconfigFile !== undefined,
      namespace: config.namespace !== undefined,
      nodePort: config.nodePort !== undefined,
      detectorImage: config.detectorImage !== undefined,
    },
  };
}

function missingCredentials(config: StackConfig, stack: string): SwiftDeployError | undefined {
  if (config.target === DeployTarget.Kubernetes) {
    if (config.hasKubeconfig || config.kubeconfigFile !== undefined) return undefined;
    return new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: swiftdeploy:target is kubernetes but no kubeconfig is set`,
      [
        "set one: pulumi config set --secret swiftdeploy:kubeconfig < ~/.kube/config",
        "or: pulumi config set swiftdeploy:kubeconfigFile ~/.kube/config",
      ],
    );
  }
  if (config.hasSshPrivateKey || config.sshPrivateKeyFile !== undefined) return undefined;
  return new SwiftDeployError(
    ErrorCode.ConfigInvalid,
    `Pulumi.${stack}.yaml: no SSH key for the host`,
    [
      "set one: pulumi config set --secret swiftdeploy:sshPrivateKey < ~/.ssh/id_ed25519",
      "or: pulumi config set swiftdeploy:sshPrivateKeyFile ~/.ssh/id_ed25519",
    ],
  );
}

/** Keys set for the other target: a sign the stack is not the one the user meant. */
function foreignKeys(config: StackConfig): string[] {
  const other =
    config.target === DeployTarget.Docker ? DeployTarget.Kubernetes : DeployTarget.Docker;
  return Object.entries(targetKeys(config)[other])
    .filter(([, set]) => set)
    .map(
      ([key]) =>
        `swiftdeploy:${key} is a ${other} setting but swiftdeploy:target is ${config.target}: remove it, or set swiftdeploy:target to ${other}`,
    );
}

/**
 * Pulumi.yaml declares every key; the optional ones default to "" (nodePort to 0) because Pulumi
 * requires a declared key without a default. Those defaults mean "not set".
 */
export function withoutBlankDefaults(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      value === "" || (key === "nodePort" && value === 0) ? undefined : value,
    ]),
  );
}

/** Validates the raw `swiftdeploy:*` values; every problem names the key. */
export function parseStackConfig(raw: Record<string, unknown>, stack: string): StackConfig {
  const result = StackConfigSchema.safeParse(withoutBlankDefaults(raw));
  if (!result.success) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: the swiftdeploy config is invalid`,
      result.error.issues.map((i) => `swiftdeploy:${i.path.join(".") || "?"}: ${i.message}`),
    );
  }
  const foreign = foreignKeys(result.data);
  if (foreign.length > 0) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: settings of two targets are mixed`,
      foreign,
    );
  }
  const missing = missingCredentials(result.data, stack);
  if (missing !== undefined) throw missing;
  pinnedHostKeys(result.data, stack);
  return result.data;
}

/**
 * The host keys every SSH connection must check (`type base64` lines), undefined when none are
 * pinned or checking is off. Throws when the settings contradict each other or a key is malformed.
 */
export function pinnedHostKeys(
  config: Pick<StackConfig, "sshHostKey" | "sshStrictHostKeyChecking">,
  stack: string,
): string[] | undefined {
  const { sshHostKey, sshStrictHostKeyChecking: strict } = config;
  const problems = hostKeyProblems(sshHostKey, strict);
  if (problems.length > 0)
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: the SSH host key settings are invalid`,
      problems,
    );
  return sshHostKey === undefined || strict === "no"
    ? undefined
    : parseHostKeys(sshHostKey).keys.map((k) => k.line);
}

function hostKeyProblems(hostKey: string | undefined, strict: string): string[] {
  const fetchIt =
    'pin it: pulumi config set swiftdeploy:sshHostKey "$(ssh-keyscan -t ed25519 <host>)", ' +
    "after checking its fingerprint on the host itself (ssh-keygen -lf " +
    "/etc/ssh/ssh_host_ed25519_key.pub on its console)";
  if (hostKey === undefined)
    return strict === "yes"
      ? [`swiftdeploy:sshStrictHostKeyChecking is "yes" but no host key is pinned: ${fetchIt}`]
      : [];
  if (strict === "no")
    return [
      'swiftdeploy:sshHostKey is set but swiftdeploy:sshStrictHostKeyChecking is "no": ' +
        'remove one of them (a pinned key is checked with "yes" or "accept-new")',
    ];
  return parseHostKeys(hostKey).problems.map((p) => `swiftdeploy:sshHostKey: ${p}`);
}
