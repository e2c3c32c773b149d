import type { Manifest } from "../../core/manifest";
import type { CliContext } from "../context";
import { DockerLiveStack } from "../live/docker-live-stack";
import {
  hostAccessCheck,
  imagesCheck,
  ipv6Check,
  nginxCheck,
  opaCheck,
  portCheck,
} from "./host-checks";
import type { CheckResult, PreflightCheck } from "./preflight";
import { runChecks, skipped } from "./preflight";

const HOST_CHECKS = [
  "deploy user's rights",
  "images buildable",
  "public port free",
  "IPv6 clients seen as themselves",
  "nginx -t",
  "OPA reachable",
];
const CONNECT = "host reachable over SSH";

/**
 * The Docker host's checks: SSH first; then the deploy user's rights (sudo -n, Docker), images, the public port, IPv6 publishing, `nginx -t` in the stack's
 * nginx image, OPA. Skipped with the reason when the manifest or SSH is not there.
 */
export async function dockerPreflight(
  ctx: CliContext,
  manifest: Manifest | undefined,
): Promise<CheckResult[]> {
  if (manifest === undefined)
    return runChecks([CONNECT, ...HOST_CHECKS].map((n) => skipped(n, "needs a valid manifest")));
  let live: DockerLiveStack | undefined;
  const target = `${manifest.host.user}@${manifest.host.address}:${manifest.host.port}`;
  const connect: PreflightCheck = {
    name: CONNECT,
    async run() {
      live = await DockerLiveStack.connect(ctx, manifest);
      return { status: "pass", detail: `${target} answers` };
    },
  };
  const results = await runChecks([connect]);
  if (live === undefined)
    return [
      ...results,
      ...(await runChecks(HOST_CHECKS.map((n) => skipped(n, `needs SSH to ${target}`)))),
    ];
  try {
    return [
      ...results,
      ...(await runChecks([
        hostAccessCheck(live, manifest),
        imagesCheck(live, manifest, ctx.projectDir),
        portCheck(live, manifest),
        ipv6Check(live, manifest),
        nginxCheck(live, manifest),
        opaCheck(live),
      ])),
    ];
  } finally {
    await live.close();
  }
}
