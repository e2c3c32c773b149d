import { rmSync } from "node:fs";
import { AutomationDeployer } from "../engine/automation-deployer";
import { describeChanges } from "../engine/progress";
import { generatedDir } from "../init-files";
import type { Verb } from "../verb";
import { flag } from "../verb";
import { openHistory } from "../wiring";

/** `swiftdeploy teardown`. */
export const teardownVerb: Verb = {
  name: "teardown",
  summary: "pulumi destroy: remove every container, network, file, unit and rule from the host",
  usage: `usage: swiftdeploy teardown [--clean] [--stack NAME]

Runs \`pulumi destroy\` of the stack: containers, networks, the detector's unit, kernel set and
rules, and the stack's files on the host are removed, and so is the SSH key this machine wrote to
~/.swiftdeploy/keys from the secret swiftdeploy:sshPrivateKey. The images built on the host stay (as with
the official Docker provider).

options:
  --clean     also remove the stack from the Pulumi backend and its generated files
              (.swiftdeploy/generated/<stack>/); Pulumi.<stack>.yaml and history.jsonl are kept

examples:
  swiftdeploy teardown
  swiftdeploy teardown --clean`,
  options: { clean: { type: "boolean" } },
  async run(ctx, args) {
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
