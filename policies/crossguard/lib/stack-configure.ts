// The engine tells an analyzer which stack it judges (ConfigureStack: stack, project, the stack's
// config) before it asks for the pack's info and initial config. @pulumi/policy 1.21.0 keeps only
// the stack's tags from it. `onConfigureStack` wraps the handler the SDK registers with gRPC so
// the pack sees the rest; if a future SDK changes that internal, the hook sees nothing, the pack
// keeps its schema defaults (stricter than a manifest's allow-lists, never looser) and the program
// refuses to run unguarded (SD_UNGUARDED), as no marker is written.
import path from "node:path";

/** What the engine says about the stack, as the pack reads it. */
export interface StackInfo {
  readonly project: string;
  readonly stack: string;
  readonly dryRun: boolean;
  /** The stack's config as `namespace:key` → value (objects as JSON text). */
  readonly config: Readonly<Record<string, string>>;
}

interface ConfigureStackRequest {
  getProject(): string;
  getStack(): string;
  getDryRun(): boolean;
  getConfigMap(): { forEach(fn: (value: string, key: string) => void): void };
}

type Handler = (
  call: { request: ConfigureStackRequest },
  callback: (error: unknown) => void,
) => void;

interface GrpcServerClass {
  prototype: { addService(service: unknown, implementation: Record<string, unknown>): void };
  __swiftdeployStackHook?: (info: StackInfo) => void;
}

/** The request's fields as a plain object. */
export function stackInfoOf(request: ConfigureStackRequest): StackInfo {
  const config: Record<string, string> = {};
  request.getConfigMap().forEach((value, key) => (config[key] = value));
  return {
    project: request.getProject(),
    stack: request.getStack(),
    dryRun: request.getDryRun(),
    config,
  };
}

/**
 * Calls `listener` with the stack before the SDK's own ConfigureStack handler runs; a listener
 * that throws fails ConfigureStack, so the engine stops with its message. Must be installed
 * before the PolicyPack is constructed. Returns false if the SDK's internals are not as expected.
 */
export function onConfigureStack(listener: (info: StackInfo) => void): boolean {
  // The grpc-js the SDK's server.js loads, whichever copy that is.
  const serverModule = require.resolve("@pulumi/policy/server");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const grpc = require(
    require.resolve("@grpc/grpc-js", { paths: [path.dirname(serverModule)] }),
  ) as {
    Server?: GrpcServerClass;
  };
  const Server = grpc.Server;
  if (Server === undefined || typeof Server.prototype.addService !== "function") return false;
  if (Server.__swiftdeployStackHook === undefined) {
    const original = Server.prototype.addService;
    Server.prototype.addService = function (service, implementation) {
      const inner = implementation.configureStack as Handler | undefined;
      const hook = Server.__swiftdeployStackHook;
      if (typeof inner !== "function" || hook === undefined)
        return original.call(this, service, implementation);
      const configureStack: Handler = (call, callback) => {
        try {
          hook(stackInfoOf(call.request));
        } catch (error) {
          callback(
            error instanceof Error
              ? { code: 2 /* gRPC UNKNOWN */, details: error.message, message: error.message }
              : error,
          );
          return;
        }
        inner(call, callback);
      };
      return original.call(this, service, { ...implementation, configureStack });
    };
  }
  Server.__swiftdeployStackHook = listener;
  return true;
}
