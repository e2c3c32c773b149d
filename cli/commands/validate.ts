import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Manifest } from "../../core/manifest";
import type { CliContext } from "../context";
import { manifestWarningLines } from "../manifest-warnings";
import { ExitCode } from "../exit-codes";
import { describeRelease, releaseView } from "../release/release-view";
import { readOutputs } from "../engine/stack-outputs";
import { liveTargetOf } from "../targets/registry";
import type { CheckResult } from "../validate/preflight";
import { runChecks } from "../validate/preflight";
import type { Verb } from "../verb";
import { flag } from "../verb";
import { releaseStore } from "../wiring";

/**
 * The manifest's checks, then those of where the stack runs (its target's: the Docker host over
 * SSH, or the cluster through kubectl), each skipped with the reason when it cannot run.
 */
async function preflight(ctx: CliContext): Promise<CheckResult[]> {
  let manifest: Manifest | undefined;
  const results = await runChecks([
    {
      name: "manifest schema",
      async run() {
        const read = releaseStore(ctx).readParsed();
        manifest = read.manifest;
        const target = liveTargetOf(ctx);
        const where = await target
          .where(ctx, manifest, readOutputs({}))
          .catch((error: unknown) => (error as Error).message.split("\n")[0]);
        return {
          status: "pass",
          detail: [
            `valid: ${describeRelease(releaseView(manifest))}; runs on ${where} (${target.name})`,
            ...manifestWarningLines(read.warnings),
          ].join("\n"),
        };
      },
    },
    {
      name: "API bundle builds",
      async run() {
        execFileSync(process.execPath, [path.join(ctx.projectDir, "scripts/build.mjs"), "api"], {
          cwd: ctx.projectDir,
          stdio: "pipe",
        });
        return { status: "pass", detail: "esbuild bundled api/server.ts into dist/api/server.js" };
      },
    },
  ]);
  return [...results, ...(await liveTargetOf(ctx).preflight(ctx, manifest))];
}

/** `swiftdeploy validate`. */
export const validateVerb: Verb = {
  name: "validate",
  summary:
    "pre-flight checks: the manifest, then the Docker host (images, port, nginx -t, OPA) or the cluster",
  usage: `usage: swiftdeploy validate [--json] [--stack NAME]

Runs every pre-flight check and reports each as pass, fail (with the reason) or skip (with why it
could not run): the manifest (with the stack's overrides) against the schema; the API bundle
builds; then where the stack runs.
On a Docker host (over SSH): the base, nginx and OPA images are on the host or pullable; the public
port is free on the host (or published by this stack's own proxy); \`nginx -t\` of the generated
config in the stack's nginx image on the host; OPA answers and has its policies loaded (skipped
before the first deploy).
On Kubernetes (kubectl with the stack's kubeconfig): the API server answers; edge nodes are Ready;
OPA's pod answers through a port-forward with its policies loaded (skipped before the first deploy).
Exits 5 when a check fails.

options:
  --json    the results as a JSON array

examples:
  swiftdeploy validate
  swiftdeploy validate --json | jq '.[] | select(.status == "fail")'`,
  options: { json: { type: "boolean" } },
  async run(ctx, args) {
    const results = await preflight(ctx);
    if (flag(args, "json")) {
      ctx.term.out(JSON.stringify(results, null, 2));
    } else {
      const s = ctx.term.style;
      const mark = { pass: s.green("pass"), fail: s.red("FAIL"), skip: s.yellow("skip") };
      for (const r of results)
        ctx.term.out(
          `${mark[r.status]}  ${r.name.padEnd(26)} ${r.detail.replace(/\n/g, "\n      ")}`,
        );
    }
    return results.some((r) => r.status === "fail") ? ExitCode.ChecksFailed : ExitCode.Ok;
  },
};
