import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { SshTarget } from "../../components/ssh-session";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { pinnedHostKeys, StackConfigSchema } from "../../core/stack-config";
import type { CliContext } from "../context";
import { stackConfigValues } from "../stack-manifest";

/** The secret key, decrypted by the Pulumi CLI (`pulumi config get`), never printed. */
function secretKey(ctx: CliContext): Promise<string> {
  const args = ["config", "get", "swiftdeploy:sshPrivateKey", "--stack", ctx.stack];
  if (ctx.explicitConfigFile) args.push("--config-file", ctx.configFile);
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      args,
      { cwd: ctx.projectDir, env: { ...ctx.env } },
      (error, stdout, stderr) => {
        if (error === null) return resolve(stdout.replace(/\n$/, ""));
        reject(
          new SwiftDeployError(
            ErrorCode.ConfigInvalid,
            "cannot read the secret swiftdeploy:sshPrivateKey",
            [
              String(stderr).trim() || error.message,
              "check PULUMI_CONFIG_PASSPHRASE for this stack",
            ],
          ),
        );
      },
    );
  });
}

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
    privateKey = await secretKey(ctx);
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
