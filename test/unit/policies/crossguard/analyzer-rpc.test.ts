// Drives the pack through @pulumi/policy's own analyzer RPC handler with protobuf requests shaped
// as the engine sends them (secrets marked, unknowns as sentinels), to pin down how the SDK
// presents those values to policies and that the pack handles them.
import type { Policies } from "@pulumi/policy";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { beforeAll, describe, expect, it } from "vitest";
import { ResourceType } from "../../../../policies/crossguard/lib/resource-types";
import { installSecretMarks } from "../../../../policies/crossguard/lib/secret-marks";
import { imagesPinned } from "../../../../policies/crossguard/images";
import { noPlaintextSecrets } from "../../../../policies/crossguard/secrets";
import { compliantContainer } from "../kit";

/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun(
    name: string,
    version: string,
    level: string,
    policies: Policies,
  ): (call: unknown, callback: (error: unknown, response: unknown) => void) => Promise<void>;
};
const { unknownStringValue } = require("@pulumi/policy/proxy") as { unknownStringValue: string };
/* eslint-enable @typescript-eslint/no-require-imports */

interface Diagnostic {
  policy: string;
  message: string;
  level: number;
}

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** Sends one AnalyzeRequest for a container through the SDK's handler; returns its diagnostics. */
async function analyze(policies: Policies, props: object): Promise<Diagnostic[]> {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(ResourceType.Container);
  request.setName("api");
  request.setUrn(`urn:pulumi:test::swiftdeploy::${ResourceType.Container}::api`);
  request.setProperties(Struct.fromJavaScript(props));
  request.setOptions(new analyzerProto.AnalyzerResourceOptions());
  const handler = server.makeAnalyzeRpcFun(
    "swiftdeploy-guardrails",
    "0.1.0",
    "mandatory",
    policies,
  );
  return new Promise((resolve, reject) => {
    void handler({ request }, (error, response) => {
      if (error) return reject(error);
      const list = (
        response as {
          getDiagnosticsList(): {
            getPolicyname(): string;
            getMessage(): string;
            getEnforcementlevel(): number;
          }[];
        }
      ).getDiagnosticsList();
      resolve(
        list.map((d) => ({
          policy: d.getPolicyname(),
          message: d.getMessage(),
          level: d.getEnforcementlevel(),
        })),
      );
    });
  });
}

describe("through @pulumi/policy's analyzer handler", () => {
  const leaky = { ...compliantContainer(), envs: ["NODE_ENV=production", "CHAOS_TOKEN=s3cr3t"] };

  it("the SDK alone hands policies secret values unmarked", async () => {
    let seen: unknown;
    const spy: Policies = [
      {
        name: "spy",
        description: "records envs",
        validateResource: (args) => void (seen = [...args.props.envs]),
      },
    ];
    await analyze(spy, { ...leaky, envs: ["A=1", secret("CHAOS_TOKEN=s3cr3t")] });
    expect(seen).toEqual(["A=1", "CHAOS_TOKEN=s3cr3t"]);
  });

  describe("with the pack's secret-mark hook installed", () => {
    beforeAll(() => {
      expect(installSecretMarks()).toBe(true);
    });

    it("flags a plain-text token", async () => {
      const diagnostics = await analyze([noPlaintextSecrets], leaky);
      expect(diagnostics.map((d) => [d.policy, d.message])).toEqual([
        [
          "no-plaintext-secrets",
          expect.stringContaining(
            'container "api" (role api-stable) env CHAOS_TOKEN must not hold a secret in plain text',
          ),
        ],
      ]);
    });

    it("accepts the token when the engine marks it secret", async () => {
      const props = { ...leaky, envs: ["NODE_ENV=production", secret("CHAOS_TOKEN=s3cr3t")] };
      expect(await analyze([noPlaintextSecrets], props)).toEqual([]);
    });

    it("accepts it when the whole list is marked secret", async () => {
      expect(await analyze([noPlaintextSecrets], { ...leaky, envs: secret(leaky.envs) })).toEqual(
        [],
      );
    });

    it("is idempotent", () => {
      expect(installSecretMarks()).toBe(true);
    });
  });

  it("stays quiet on a value unknown at preview instead of the SDK's advisory warning", async () => {
    const props = { ...compliantContainer(), image: unknownStringValue };
    expect(await analyze([imagesPinned], props)).toEqual([]);
    const bare: Policies = [
      {
        name: "bare",
        description: "reads image",
        validateResource: (args) => void String(args.props.image),
      },
    ];
    expect((await analyze(bare, props)).map((d) => d.message)).toEqual([
      expect.stringContaining(
        "can't run policy 'bare' from policy pack 'swiftdeploy-guardrails@v0.1.0' during preview",
      ),
    ]);
  });
});
