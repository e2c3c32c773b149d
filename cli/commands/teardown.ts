import { rmSync } from "node:fs";
import { confirmDestroy } from "../engine/destroy-guard";
import { AutomationDeployer } from "../engine/automation-deployer";
import { describeChanges } from "../engine/progress";
import { readOutputs } from "../engine/stack-outputs";
import { ExitCode } from "../exit-codes";
import { generatedDir } from "../init-files";
import type { CliContext } from "../context";
import { liveTargetOf } from "../targets/registry";
import type { Verb } from "../verb";
import { flag } from "../verb";
import { openHistory, releaseStore } from "../wiring";

/**
 * Where the stack runs, for the question (`root@203.0.113.10`, `namespaces … on https://…`), from
 * its config without the engine; null when that cannot be read.
 */
async function whereOf(ctx: CliContext): Promise<string | null> {
  try {
    return await liveTargetOf(ctx).where(ctx, releaseStore(ctx).read(), readOutputs({}));
  } catch {
    return null;
  }
}

/** `swiftdeploy teardown`. */
export const teardownVerb: Verb = {
  name: "teardown",
  summary: "pulumi destroy: remove everything the stack runs, from the host or the cluster",
  usage: `usage: swiftdeploy teardown [--clean] [--yes] [--stack NAME]

Runs \`pulumi destroy\` of the stack. On a Docker host: containers, networks, the detector's unit,
kernel set and rules, and the stack's files on the host are removed, and so is the SSH key this
machine wrote to ~/.swiftdeploy/keys from the secret swiftdeploy:sshPrivateKey; the images built on
the host stay (as with the official Docker provider). On Kubernetes: the stack's two namespaces
and everything in them; the images imported into the nodes stay.

A stack other than dev asks first: on a terminal, type the stack's name to go ahead; anywhere else
(scripts, CI) it needs --yes, and without it exits 13 having removed nothing.

options:
  --clean     also remove the stack from the Pulumi backend and its generated files
              (.swiftdeploy/generated/<stack>/); Pulumi.<stack>.yaml and history.jsonl are kept
  --yes       do not ask (needed off a terminal for a stack other than dev)

examples:
  swiftdeploy teardown
  swiftdeploy teardown --clean
  swiftdeploy teardown --stack prod --yes`,
  options: { clean: { type: "boolean" }, yes: { type: "boolean", short: "y" } },
  async run(ctx, args) {
    const confirmation = await confirmDestroy(
      { stack: ctx.stack, host: await whereOf(ctx), yes: flag(args, "yes") },
      ctx.prompt,
    );
    if (!confirmation.confirmed) {
      ctx.term.err(`${ctx.term.errStyle.red("error")}: ${confirmation.reason}`);
      return ExitCode.NotConfirmed;
    }
    const deployer = new AutomationDeployer(ctx, openHistory(ctx));
    const changes = await deployer.destroy("teardown");
    ctx.term.out(`removed: ${describeChanges(changes)}`);
    if (flag(args, "clean")) {
      await deployer.removeStack();
      rmSync(generatedDir(ctx.projectDir, ctx.stack), { recursive: true, force: true });
      ctx.term.out(`removed stack ${ctx.stack} from the backend and its generated files`);
    }
    return 0;
  },
};
