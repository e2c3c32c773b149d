import type { CliContext } from "../context";
import { AutomationDeployer } from "../engine/automation-deployer";
import { upAndWait } from "../engine/engine-applier";
import type { Verb } from "../verb";
import { numberOption } from "../verb";
import { openHistory } from "../wiring";

/** Prints where the stack answers (stdout: scripts read it). */
export async function printUrls(ctx: CliContext, deployer: AutomationDeployer): Promise<void> {
  const outputs = await deployer.outputs();
  const s = ctx.term.style;
  ctx.term.out(`public     ${s.bold(outputs.publicUrl ?? "(no publicUrl output)")}`);
  if (outputs.dashboard !== undefined) ctx.term.out(`dashboard  ${outputs.dashboard}`);
  ctx.term.out(`detector   ${outputs.detectorUnitState ?? "unknown"}`);
  ctx.term.out(
    "private    OPA, /metrics and /chaos: swiftdeploy status, swiftdeploy chaos (through SSH)",
  );
}

/** `swiftdeploy deploy`. */
export const deployVerb: Verb = {
  name: "deploy",
  summary: "pulumi up the stack (with the policy pack), wait until it answers, print the URLs",
  usage: `usage: swiftdeploy deploy [--timeout SECONDS] [--stack NAME]

Runs \`pulumi up\` of the project's program for the stack through the Automation API, with the
CrossGuard pack (policies/crossguard) and the config \`init\` renders, showing progress. Then waits
until the public URL answers 200 and prints the URLs. The deploy gate (OPA) runs inside the update.

options:
  --timeout SECONDS     how long the stack may take to answer after the update (default 120)

examples:
  swiftdeploy deploy
  swiftdeploy deploy --stack prod --timeout 300`,
  options: { timeout: { type: "string" } },
  async run(ctx, args) {
    const timeout = numberOption(args, "timeout", 120, { min: 1, max: 3600 });
    const deployer = new AutomationDeployer(ctx, openHistory(ctx));
    await upAndWait(ctx, deployer, "deploy", timeout * 1000);
    await printUrls(ctx, deployer);
    return 0;
  },
};
