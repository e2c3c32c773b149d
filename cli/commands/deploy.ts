import type { CliContext } from "../context";
import { AutomationDeployer } from "../engine/automation-deployer";
import type { Deployed } from "../engine/engine-applier";
import { upAndWait } from "../engine/engine-applier";
import { liveTargetOf } from "../targets/registry";
import type { Verb } from "../verb";
import { numberOption } from "../verb";
import { openHistory } from "../wiring";

/** Prints where the stack answers (stdout: scripts read it), then what its target adds. */
export function printDeployed(ctx: CliContext, deployed: Deployed): void {
  const s = ctx.term.style;
  const line = (label: string, value: string) => ctx.term.out(`${label.padEnd(10)} ${value}`);
  if (deployed.urls.length === 0) line("public", s.bold("(no public URL known)"));
  for (const url of deployed.urls) line("public", s.bold(url));
  for (const [label, value] of liveTargetOf(ctx, deployed.outputs).deployedLines(deployed.outputs))
    line(label, value);
}

/** `swiftdeploy deploy`. */
export const deployVerb: Verb = {
  name: "deploy",
  summary: "pulumi up the stack (with the policy pack), wait until it answers, print the URLs",
  usage: `usage: swiftdeploy deploy [--timeout SECONDS] [--stack NAME]

Runs \`pulumi up\` of the project's program for the stack through the Automation API, with the
CrossGuard pack (policies/crossguard) and the config \`init\` renders, showing progress. Then waits
until the public URL answers 200 (on Kubernetes: the NodePort of every edge node) and prints the
URLs. The deploy gate (OPA) runs inside the update.

options:
  --timeout SECONDS     how long the stack may take to answer after the update (default 120)

examples:
  swiftdeploy deploy
  swiftdeploy deploy --stack prod --timeout 300`,
  options: { timeout: { type: "string" } },
  async run(ctx, args) {
    const timeout = numberOption(args, "timeout", 120, { min: 1, max: 3600 });
    const deployer = new AutomationDeployer(ctx, openHistory(ctx));
    printDeployed(ctx, await upAndWait(ctx, deployer, "deploy", timeout * 1000));
    return 0;
  },
};
