import { trackVersion } from "../../components/render/api-container";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import { AutomationDeployer } from "../engine/automation-deployer";
import type { ChaosRequest } from "../live/chaos";
import { describeChaos, sendChaos } from "../live/chaos";
import { trackContainer } from "../live/metrics-source";
import { UsageError } from "../usage-error";
import type { Verb, VerbArgs } from "../verb";
import { numberOption } from "../verb";
import { openHistory, releaseStore, withLiveStack } from "../wiring";

function numberArg(
  text: string | undefined,
  what: string,
  min: number,
  max: number,
  exclusiveMin = false,
): number {
  const value = Number(text);
  if (
    text === undefined ||
    text.trim() === "" ||
    !Number.isFinite(value) ||
    value > max ||
    (exclusiveMin ? value <= min : value < min)
  ) {
    throw new UsageError(
      `${what} must be a number ${exclusiveMin ? "above" : "from"} ${min}${exclusiveMin ? " and at most" : " to"} ${max}, not ${JSON.stringify(text ?? "")}`,
    );
  }
  return value;
}

/** The request from `chaos <mode> [value]`. */
export function chaosRequest(args: VerbArgs): ChaosRequest {
  const [, mode, value] = args.positionals;
  switch (mode) {
    case "error":
      return { mode, rate: numberArg(value, "the error rate", 0, 1) };
    case "slow":
      return {
        mode,
        duration: numberArg(value, "the delay in seconds", 0, 10, true),
        rate: numberOption(args, "rate", 1, { min: 0, max: 1 }),
      };
    case "recover":
      if (value !== undefined) throw new UsageError("chaos recover takes no value");
      return { mode };
    default:
      throw new UsageError(
        `expected chaos error <rate> | slow <seconds> | recover, got ${JSON.stringify(mode ?? "")}`,
      );
  }
}

/** `swiftdeploy chaos`. */
export const chaosVerb: Verb = {
  name: "chaos",
  summary: "chaos error <rate> | slow <seconds> | recover: degrade the canary on purpose",
  usage: `usage: swiftdeploy chaos error <rate> | slow <seconds> [--rate R] | recover [--stack NAME]

Calls POST /chaos on the canary through a private path (the public URL never exposes /chaos): its
container through SSH on Docker, its pod through kubectl port-forward on Kubernetes, with the
stack's bearer token (the secret stack output chaosToken). Only the canary accepts chaos.

  error <rate>       answer 500 to this share of requests (0-1)
  slow <seconds>     delay requests by this many seconds (at most 10); --rate R for a share
  recover            back to normal

examples:
  swiftdeploy chaos error 0.8
  swiftdeploy chaos slow 1.5 --rate 0.5
  swiftdeploy chaos recover`,
  maxArguments: 2,
  options: { rate: { type: "string" } },
  async run(ctx, args) {
    const request = chaosRequest(args);
    const manifest = releaseStore(ctx).read();
    const history = openHistory(ctx);
    const outputs = await new AutomationDeployer(ctx, history).outputs();
    const token = outputs.chaosToken;
    if (token === undefined) {
      throw new SwiftDeployError(ErrorCode.ConfigInvalid, "the stack has no chaosToken output", [
        "update the stack so index.ts exports it: swiftdeploy deploy",
      ]);
    }
    const version = trackVersion(manifest, "canary");
    const { container, state } = await withLiveStack(
      ctx,
      manifest,
      async (live) => {
        const canary = trackContainer(await live.containers(), "canary", version);
        if (canary === undefined) {
          throw new SwiftDeployError(
            ErrorCode.ReleaseState,
            version === undefined
              ? "there is no canary to send chaos to"
              : `canary ${version} is not running on ${live.label}`,
            ["start one: swiftdeploy canary start <version>"],
          );
        }
        return { container: canary, state: await sendChaos(live, canary, token, request) };
      },
      outputs,
    );
    history.append({
      kind: "chaos",
      version: container.version ?? "?",
      container: container.name,
      request,
      state: describeChaos(state),
    });
    ctx.term.out(`${container.name}: chaos ${describeChaos(state)}`);
    return 0;
  },
};
