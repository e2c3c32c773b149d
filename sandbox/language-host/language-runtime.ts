import type * as grpc from "@grpc/grpc-js";
import type { ILanguageRuntimeServer } from "@pulumi/pulumi/proto/language_grpc_pb";
import {
  GetRequiredPackagesResponse,
  GetRequiredPluginsResponse,
  LanguageHandshakeResponse,
} from "@pulumi/pulumi/proto/language_pb";
import { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { sdkVersion } from "../shared/sdk-modules";
import { about, installDependencies, programDependencies } from "./program-facts";
import { runPlugin } from "./run-plugin";
import { runProgram } from "./run-program";

/** RPCs the CLI never needs for up/preview/destroy/refresh/--policy-pack on this machine. */
const UNIMPLEMENTED = [
  "runtimeOptionsPrompts",
  "template",
  "generateProgram",
  "generateProject",
  "generatePackage",
  "pack",
  "link",
] as const;

function unimplemented(
  status: typeof grpc.status,
  name: string,
): grpc.handleUnaryCall<unknown, unknown> {
  return (_call, callback) => {
    const details = `LanguageRuntime/${name} is not implemented by the sandbox Node.js language host (sandbox/language-host)`;
    process.stderr.write(`sandbox language host: UNIMPLEMENTED ${details}\n`);
    callback({ code: status.UNIMPLEMENTED, details });
  };
}

function reply<Req, Res>(work: (req: Req) => Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    try {
      callback(null, work(call.request));
    } catch (error) {
      callback(error as Error);
    }
  };
}

/** The LanguageRuntime service: `Run` and `RunPlugin` as the official host answers them. */
export function languageRuntime(
  engineAddress: string | undefined,
  status: typeof grpc.status,
): ILanguageRuntimeServer {
  const inflight = new Set<AbortController>();
  const server: ILanguageRuntimeServer = {
    handshake: reply(() => new LanguageHandshakeResponse()),
    // Plugins then load as resources register (the ambient stand-ins on PATH); nothing to download.
    getRequiredPlugins: reply(() => new GetRequiredPluginsResponse()),
    getRequiredPackages: reply(() => new GetRequiredPackagesResponse()),
    getPluginInfo: reply(() => new PluginInfo().setVersion(sdkVersion(__dirname))),
    run: (call, callback) => {
      const abort = new AbortController();
      inflight.add(abort);
      call.on("cancelled", () => abort.abort());
      runProgram(call.request, engineAddress, abort.signal)
        .then(
          (response) => callback(null, response),
          (error: Error) => callback(error),
        )
        .finally(() => inflight.delete(abort));
    },
    runPlugin,
    installDependencies,
    about: reply(() => about()),
    getProgramDependencies: reply(programDependencies),
    cancel: reply(() => {
      for (const abort of inflight) abort.abort();
      return new Empty();
    }),
    ...Object.fromEntries(UNIMPLEMENTED.map((name) => [name, unimplemented(status, name)])),
  } as ILanguageRuntimeServer;
  return server;
}
