// The pack's ConfigureStack hook over real gRPC on loopback: the engine's request reaches the
// listener with the stack and its config, and the SDK's own handler still runs after it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onConfigureStack, type StackInfo } from "../../../policies/crossguard/lib/stack-configure";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

describe("the pack hears which stack it judges", () => {
  const seen: StackInfo[] = [];
  let sdkCalls = 0;
  let fail = false;
  let server: { forceShutdown(): void };
  let client: { configureStack(req: unknown, cb: (e: Error | null) => void): void; close(): void };

  beforeAll(async () => {
    expect(
      onConfigureStack((info) => {
        if (fail) throw new Error("Pulumi.prod.yaml swiftdeploy:overrides is invalid");
        seen.push(info);
      }),
    ).toBe(true);
    server = new grpc.Server();
    (server as unknown as { addService(s: unknown, i: object): void }).addService(
      analyzerRpc.AnalyzerService,
      {
        configureStack: (_call: unknown, callback: (e: null, r: unknown) => void) => {
          sdkCalls++;
          callback(null, new analyzerProto.AnalyzerStackConfigureResponse());
        },
      },
    );
    const port = await new Promise<number>((resolve, reject) =>
      (
        server as unknown as {
          bindAsync(a: string, c: unknown, cb: (e: Error | null, p: number) => void): void;
        }
      ).bindAsync(
        "127.0.0.1:0",
        grpc.ServerCredentials.createInsecure(),
        (error: Error | null, bound: number) => (error ? reject(error) : resolve(bound)),
      ),
    );
    client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  const configure = () => {
    const request = new analyzerProto.AnalyzerStackConfigureRequest();
    request.setProject("swiftdeploy");
    request.setStack("prod");
    request.setDryRun(true);
    request.getConfigMap().set("swiftdeploy:manifest", "manifest.yaml");
    request.getConfigMap().set("swiftdeploy:overrides", '{"host":{"user":"deploy"}}');
    return new Promise<Error | null>((resolve) => client.configureStack(request, resolve));
  };

  it("passes project, stack and config to the listener, then to the SDK's handler", async () => {
    expect(await configure()).toBeNull();
    expect(seen).toEqual([
      {
        project: "swiftdeploy",
        stack: "prod",
        dryRun: true,
        config: {
          "swiftdeploy:manifest": "manifest.yaml",
          "swiftdeploy:overrides": '{"host":{"user":"deploy"}}',
        },
      },
    ]);
    expect(sdkCalls).toBe(1);
  });

  it("fails ConfigureStack with the listener's message, so the engine stops with it", async () => {
    fail = true;
    const error = await configure();
    expect(error?.message).toContain("Pulumi.prod.yaml swiftdeploy:overrides is invalid");
    expect(sdkCalls).toBe(1);
  });
});
