import * as pulumi from "@pulumi/pulumi";
import { systemClock } from "../core/clock";
import { ErrorCode, SwiftDeployError } from "../core/errors";
import {
  createFetchOpaClient,
  decisionError,
  hostFactsScript,
  OpaDecisionPath,
  parseHostFacts,
  splitHostFactsOutput,
  waitForOpa,
} from "../gate";
import { OPA_PORT } from "./naming";
import type { OpaData } from "./render/opa-data";
import { SshSession, type SshTarget } from "./ssh-session";

/** Arguments of {@link deployGate}. */
export interface DeployGateArgs {
  readonly target: pulumi.Input<SshTarget>;
  /** The running OPA container; its address on the internal network is looked up on the host. */
  readonly opaContainerName: pulumi.Input<string>;
  /** The container's id: unknown until it exists, so a preview of a first deploy skips the gate. */
  readonly opaContainerId: pulumi.Input<string>;
  /** The data document this update wrote: the gate waits until OPA has loaded exactly it. */
  readonly expectedData: OpaData;
  /** How long OPA may take to load its policies and data. */
  readonly readyTimeoutMs?: number;
}

/**
 * Polls OPA's `data.thresholds` until it equals what this update wrote: `--watch` reloads the
 * files moments after they change, and a gate must not judge with the previous thresholds.
 */
export async function waitForThresholds(
  baseUrl: string,
  expected: OpaData,
  timeoutMs: number,
): Promise<void> {
  const want = JSON.stringify(expected.thresholds);
  const deadline = systemClock.now() + timeoutMs;
  let seen = "nothing";
  while (systemClock.now() < deadline) {
    const response = await fetch(`${baseUrl}/v1/data/thresholds`, {
      signal: AbortSignal.timeout(2000),
    });
    const body = (await response.json()) as { result?: unknown };
    seen = JSON.stringify(body.result ?? null);
    if (sameJson(body.result, expected.thresholds)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new SwiftDeployError(
    ErrorCode.PolicyUnreachable,
    `OPA did not load this update's thresholds within ${timeoutMs} ms, so the deploy is refused`,
    [`expected ${want}`, `OPA has ${seen}`],
  );
}

/** Deep equality of two JSON values, key order aside. */
function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) =>
    sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The OPA container's address on its network(s), as the host sees it. */
async function containerAddress(session: SshSession, name: string): Promise<string> {
  const out = await session.exec(
    `docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' '${name}'`,
  );
  const address = out
    .trim()
    .split(/\s+/)
    .find((a) => a.length > 0);
  if (address === undefined) throw new Error(`container ${name} has no network address`);
  return address;
}

/** Gathers the host's facts and asks OPA's infrastructure policy; throws OPA's reasons on deny. */
export async function checkDeployGate(
  target: SshTarget,
  opaContainerName: string,
  expectedData: OpaData,
  readyTimeoutMs = 60_000,
): Promise<Record<string, unknown>> {
  const session = await SshSession.connect(target);
  try {
    const input = parseHostFacts(splitHostFactsOutput(await session.exec(hostFactsScript())));
    const forward = await session.forward({
      host: await containerAddress(session, opaContainerName),
      port: OPA_PORT,
    });
    try {
      await waitForOpa({ baseUrl: forward.baseUrl, clock: systemClock, timeoutMs: readyTimeoutMs });
      await waitForThresholds(forward.baseUrl, expectedData, readyTimeoutMs);
      const client = createFetchOpaClient({ baseUrl: forward.baseUrl });
      const decision = await client.queryDecision(OpaDecisionPath.Infrastructure, input);
      const error = decisionError(decision, `the deploy onto ${target.host}`);
      if (error !== undefined) throw error;
      return { input, decision: decision.document };
    } finally {
      await forward.close();
    }
  } finally {
    session.close();
  }
}

/**
 * The deploy gate, evaluated inside `pulumi up` (and `preview` once OPA runs): resolves to "allowed"
 * when OPA's infrastructure policy allows this host, and fails the update with OPA's reasons when it
 * does not or cannot answer. The program never decides itself. Every resource that writes to the
 * host (but OPA and its files, which the gate needs) waits for this output through `afterGate`.
 */
export function deployGate(args: DeployGateArgs): pulumi.Output<string> {
  return pulumi
    .all([pulumi.output(args.target), pulumi.output(args.opaContainerName), args.opaContainerId])
    .apply(async ([target, name]) => {
      const evidence = await checkDeployGate(
        target as SshTarget,
        name,
        args.expectedData,
        args.readyTimeoutMs,
      );
      pulumi.log.info(
        `deploy gate: OPA allowed the deploy onto ${target.host}: ${JSON.stringify(evidence)}`,
      );
      return "allowed";
    });
}
