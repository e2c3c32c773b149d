import { z } from "zod";
import { ErrorCode, SwiftDeployError } from "./errors";

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
  /** `yes` checks the host key against known_hosts; `accept-new` (default) trusts it the first time. */
  sshStrictHostKeyChecking: z.enum(["yes", "accept-new", "no"]).default("accept-new"),
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
  return result.data;
}
