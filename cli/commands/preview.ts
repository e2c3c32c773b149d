import { AutomationDeployer } from "../engine/automation-deployer";
import { describeChanges } from "../engine/progress";
import type { Verb } from "../verb";
import { openHistory } from "../wiring";

/** `swiftdeploy preview`. */
export const previewVerb: Verb = {
  name: "preview",
  summary: "pulumi preview the stack with the policy pack: what an update would change",
  usage: `usage: swiftdeploy preview [--stack NAME]

Runs \`pulumi preview\` with the CrossGuard pack and prints the planned changes. A mandatory policy
violation fails it (exit 11) with the policy's message.

examples:
  swiftdeploy preview
  swiftdeploy preview --stack prod`,
  options: {},
  async run(ctx) {
    const changes = await new AutomationDeployer(ctx, openHistory(ctx)).preview("preview");
    ctx.term.out(`planned: ${describeChanges(changes)}`);
    return 0;
  },
};
