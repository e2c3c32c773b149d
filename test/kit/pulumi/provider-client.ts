import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { CheckRequest } from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { REPO_ROOT } from "../repo-root";

/** One failure from a provider's Check. */
export interface Failure {
  property: string;
  reason: string;
}

/** A stand-in provider plugin started on its own (no engine), talked to over its gRPC interface. */
export interface ProviderClient {
  /** Calls Check for a resource of `type` named `name` with these new inputs. */
  check(
    type: string,
    news: Record<string, unknown>,
    olds?: Record<string, unknown>,
  ): Promise<{ inputs: Record<string, unknown>; failures: Failure[] }>;
  /** Calls CheckConfig with provider settings. */
  checkConfig(news: Record<string, unknown>): Promise<Failure[]>;
  stop(): void;
}

/** Starts `dist/sandbox/provider-<pkg>.js` (build it first) and connects to the port it prints. */
export async function startProvider(pkg: "docker" | "command"): Promise<ProviderClient> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(REPO_ROOT, `dist/sandbox/provider-${pkg}.js`)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) =>
      resolve(chunk.toString().split("\n")[0]?.trim() ?? ""),
    );
    child.once("exit", (code) =>
      reject(new Error(`provider-${pkg} exited (${code}) before printing its port`)),
    );
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const request = (
    urn: string,
    news: Record<string, unknown>,
    olds: Record<string, unknown>,
  ): CheckRequest =>
    new CheckRequest()
      .setUrn(urn)
      .setNews(Struct.fromJavaScript(news as never))
      .setOlds(Struct.fromJavaScript(olds as never));
  const failuresOf = (list: { getProperty(): string; getReason(): string }[]): Failure[] =>
    list.map((f) => ({ property: f.getProperty(), reason: f.getReason() }));
  return {
    check: (type, news, olds = {}) =>
      new Promise((resolve, reject) =>
        client.check(request(`urn:pulumi:dev::test::${type}::r`, news, olds), (error, response) =>
          error
            ? reject(error)
            : resolve({
                inputs: (response.getInputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
                failures: failuresOf(response.getFailuresList()),
              }),
        ),
      ),
    checkConfig: (news) =>
      new Promise((resolve, reject) =>
        client.checkConfig(
          request(`urn:pulumi:dev::test::pulumi:providers:${pkg}::default`, news, {}),
          (error, response) =>
            error ? reject(error) : resolve(failuresOf(response.getFailuresList())),
        ),
      ),
    stop: () => {
      client.close();
      child.kill();
    },
  };
}
