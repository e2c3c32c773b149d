import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import type {
  CheckResponse,
  ConfigureResponse,
  CreateResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { CheckRequest, ConfigureRequest, CreateRequest } from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The real pulumi-resource-kubernetes plugin, started on its own and driven over gRPC as the engine would. */
export interface KubernetesProvider {
  /** The version the plugin reports (GetPluginInfo). */
  version(): Promise<string>;
  /** Configures it with a kubeconfig's contents, as `new k8s.Provider({ kubeconfig })` does. */
  configure(kubeconfig: string): Promise<void>;
  /** Check then Create of one resource; resolves with the id the provider gives it. */
  create(type: string, name: string, inputs: Record<string, unknown>): Promise<string>;
  stop(): void;
}

/**
 * Starts the plugin binary. Its argument is the engine's address; nothing answers there, which only
 * matters for log messages the plugin sends to the engine (dropped).
 */
export async function startKubernetesProvider(binary: string): Promise<KubernetesProvider> {
  const child: ChildProcess = spawn(binary, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) =>
      resolve(chunk.toString().split("\n")[0]?.trim() ?? ""),
    );
    child.once("exit", (code) =>
      reject(new Error(`${binary} exited (${code}) before printing its port: ${stderr}`)),
    );
  });
  const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const unary = <Res>(
    invoke: (callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
  ): Promise<Res> =>
    new Promise((resolve, reject) =>
      invoke((error, response) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(response),
      ),
    );
  return {
    version: async () =>
      (await unary<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb))).getVersion(),
    configure: async (kubeconfig) => {
      const request = new ConfigureRequest()
        .setArgs(Struct.fromJavaScript({ kubeconfig }))
        .setAcceptsecrets(true)
        .setAcceptresources(true);
      request.getVariablesMap().set("kubernetes:config:kubeconfig", kubeconfig);
      await unary<ConfigureResponse>((cb) => client.configure(request, cb));
    },
    create: async (type, name, inputs) => {
      const urn = `urn:pulumi:probe::probe::${type}::${name}`;
      const check = new CheckRequest()
        .setUrn(urn)
        .setNews(Struct.fromJavaScript(inputs as never))
        .setOlds(Struct.fromJavaScript({}));
      const checked = await unary<CheckResponse>((cb) => client.check(check, cb));
      const failures = checked.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`);
      if (failures.length > 0) throw new Error(`check of ${urn} failed: ${failures.join("; ")}`);
      const create = new CreateRequest()
        .setUrn(urn)
        .setProperties(checked.getInputs())
        .setTimeout(60);
      const created = await unary<CreateResponse>((cb) => client.create(create, cb));
      return created.getId();
    },
    stop: () => {
      client.close();
      child.kill();
    },
  };
}
