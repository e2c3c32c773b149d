import { z } from "zod";
import { ErrorCode, SwiftDeployError } from "./errors";
import { parseHostKeys } from "./ssh-host-key";

/**
 * The `swiftdeploy:*` keys a Pulumi stack config (Pulumi.<stack>.yaml) may set. Everything about
 * what runs is in manifest.yaml; these say where and with which credentials.
 */
export const StackConfigSchema = z.strictObject({
  /** Path of the manifest, relative to the project folder. */
  manifest: z.string().min(1).default("manifest.yaml"),
  /** Per-stack overrides of named manifest fields (see docs/manifest.md). */
  overrides: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
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
});

/** The stack's typed config. */
export type StackConfig = z.output<typeof StackConfigSchema>;

/** Validates the raw `swiftdeploy:*` values; every problem names the key. */
export function parseStackConfig(raw: Record<string, unknown>, stack: string): StackConfig {
  const result = StackConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: the swiftdeploy config is invalid`,
      result.error.issues.map((i) => `swiftdeploy:${i.path.join(".") || "?"}: ${i.message}`),
    );
  }
  if (!result.data.hasSshPrivateKey && result.data.sshPrivateKeyFile === undefined) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `Pulumi.${stack}.yaml: no SSH key for the host`,
      [
        "set one: pulumi config set --secret swiftdeploy:sshPrivateKey < ~/.ssh/id_ed25519",
        "or: pulumi config set swiftdeploy:sshPrivateKeyFile ~/.ssh/id_ed25519",
      ],
    );
  }
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
