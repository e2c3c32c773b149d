import { readFileSync } from "node:fs";
import path from "node:path";
import type { SshTarget } from "../../components/ssh-session";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { pinnedHostKeys, StackConfigSchema } from "../../core/stack-config";
import type { CliContext } from "../context";
import { secretConfigValue } from "../secret-config";
import { stackConfigValues } from "../stack-manifest";

/**
 * How the CLI reaches the Docker host over SSH: the manifest's host (with the stack's overrides)
 * and the stack's key (swiftdeploy:sshPrivateKeyFile, or the secret swiftdeploy:sshPrivateKey).
 */
export async function hostSshTarget(
  ctx: CliContext,
  manifest: Pick<Manifest, "host">,
): Promise<SshTarget> {
  const config = stackConfigValues(ctx.configFile);
  const keyFile = config["swiftdeploy:sshPrivateKeyFile"];
  let privateKey: string;
  if (typeof keyFile === "string") {
    const file = path.resolve(ctx.projectDir, keyFile);
    try {
      privateKey = readFileSync(file, "utf8");
    } catch (error) {
      throw new SwiftDeployError(ErrorCode.ConfigInvalid, `cannot read the SSH key ${file}`, [
        (error as Error).message,
        "for the local test host, `npm start` boots it and creates its key",
      ]);
    }
  } else if (config["swiftdeploy:sshPrivateKey"] !== undefined) {
    privateKey = await secretConfigValue(ctx, "swiftdeploy:sshPrivateKey");
  } else {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `${path.basename(ctx.configFile)}: no SSH key for the host`,
      [
        "set one: pulumi config set --secret swiftdeploy:sshPrivateKey < ~/.ssh/id_ed25519",
        "or: pulumi config set swiftdeploy:sshPrivateKeyFile ~/.ssh/id_ed25519",
      ],
    );
  }
  const strict = StackConfigSchema.shape.sshStrictHostKeyChecking.safeParse(
    config["swiftdeploy:sshStrictHostKeyChecking"],
  );
  const hostKey = config["swiftdeploy:sshHostKey"];
  return {
    host: manifest.host.address,
    port: manifest.host.port,
    user: manifest.host.user,
    privateKey,
    hostKeys: pinnedHostKeys(
      {
        sshStrictHostKeyChecking: strict.success ? strict.data : "yes",
        sshHostKey: typeof hostKey === "string" ? hostKey : undefined,
      },
      ctx.stack,
    ),
  };
}
