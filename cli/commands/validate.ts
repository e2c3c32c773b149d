import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Manifest } from "../../core/manifest";
import type { CliContext } from "../context";
import { manifestWarningLines } from "../manifest-warnings";
import { ExitCode } from "../exit-codes";
import { LiveStack } from "../live/live-stack";
import { describeRelease, releaseView } from "../release/release-view";
import { imagesCheck, nginxCheck, opaCheck, portCheck } from "../validate/host-checks";
import type { CheckResult, PreflightCheck } from "../validate/preflight";
import { runChecks, skipped } from "../validate/preflight";
import type { Verb } from "../verb";
import { flag } from "../verb";
import { releaseStore } from "../wiring";

const HOST_CHECKS = ["images buildable", "public port free", "nginx -t", "OPA reachable"];

/** The checks, in order; host checks are skipped with the reason when the host cannot be reached. */
async function preflight(ctx: CliContext): Promise<CheckResult[]> {
  let manifest: Manifest | undefined;
  const results = await runChecks([
    {
      name: "manifest schema",
      async run() {
        const read = releaseStore(ctx).readParsed();
        manifest = read.manifest;
        return {
          status: "pass",
          detail: [
            `valid: ${describeRelease(releaseView(manifest))}; host ${manifest.host.user}@${manifest.host.address}:${manifest.host.port}`,
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
  if (manifest === undefined)
    return [
      ...results,
      ...(await runChecks(HOST_CHECKS.map((n) => skipped(n, "needs a valid manifest")))),
    ];
  let live: LiveStack | undefined;
  const target = `${manifest.host.user}@${manifest.host.address}:${manifest.host.port}`;
  const connect: PreflightCheck = {
    name: "host reachable over SSH",
    async run() {
      live = await LiveStack.connect(ctx, manifest as Manifest);
      return { status: "pass", detail: `${target} answers` };
    },
  };
  results.push(...(await runChecks([connect])));
  if (live === undefined)
    return [
      ...results,
      ...(await runChecks(HOST_CHECKS.map((n) => skipped(n, `needs SSH to ${target}`)))),
    ];
  try {
    return [
      ...results,
      ...(await runChecks([
        imagesCheck(live, manifest, ctx.projectDir),
        portCheck(live, manifest),
        nginxCheck(live, manifest),
        opaCheck(live),
      ])),
    ];
  } finally {
    await live.close();
  }
}

/** `swiftdeploy validate`. */
export const validateVerb: Verb = {
  name: "validate",
  summary:
    "pre-flight checks: manifest schema, images buildable, public port free, nginx -t, OPA reachable",
  usage: `usage: swiftdeploy validate [--json] [--stack NAME]

Runs every pre-flight check and reports each as pass, fail (with the reason) or skip (with why it
could not run): the manifest (with the stack's overrides) against the schema; the API bundle builds
and the base, nginx and OPA images are on the host or pullable; the public port is free on the host
(or published by this stack's own proxy); \`nginx -t\` of the generated config in the stack's nginx
image on the host; OPA answers and has its policies loaded (skipped before the first deploy).
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
