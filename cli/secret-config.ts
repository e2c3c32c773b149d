import { execFile } from "node:child_process";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import type { CliContext } from "./context";

/**
 * A secret of the stack's config (`swiftdeploy:sshPrivateKey`, `swiftdeploy:kubeconfig`), decrypted
 * by the Pulumi CLI (`pulumi config get`); never printed.
 */
export function secretConfigValue(ctx: CliContext, key: string): Promise<string> {
  const args = ["config", "get", key, "--stack", ctx.stack];
  if (ctx.explicitConfigFile) args.push("--config-file", ctx.configFile);
  return new Promise((resolve, reject) => {
    execFile(
      "pulumi",
      args,
      { cwd: ctx.projectDir, env: { ...ctx.env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) return resolve(stdout.replace(/\n$/, ""));
        reject(
          new SwiftDeployError(ErrorCode.ConfigInvalid, `cannot read the secret ${key}`, [
            String(stderr).trim() || error.message,
            "check PULUMI_CONFIG_PASSPHRASE for this stack",
          ]),
        );
      },
    );
  });
}
