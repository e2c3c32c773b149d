import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { sdkGrpc } from "../../shared/sdk-modules";

/** Messages about one resource, shown by the CLI (debug ones only with `--debug` / `-v`). */
export interface ResourceLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** Creates loggers that send to the engine's Log RPC, attributed to a resource URN. */
export type LogFactory = (urn: string) => ResourceLog;

/**
 * Logs through the engine when its address is known (the normal plugin case), else to stderr
 * (tests that start a provider directly).
 */
export function engineLogFactory(engineAddress: string | undefined): LogFactory {
  if (!engineAddress) {
    return () => ({
      debug: (m) => process.stderr.write(`debug: ${m}\n`),
      info: (m) => process.stderr.write(`info: ${m}\n`),
      warn: (m) => process.stderr.write(`warning: ${m}\n`),
    });
  }
  const grpc = sdkGrpc();
  const client = new EngineClient(engineAddress, grpc.credentials.createInsecure());
  let chain = Promise.resolve();
  const send = (urn: string, severity: LogSeverity, message: string): void => {
    const request = new LogRequest().setSeverity(severity).setMessage(message).setUrn(urn);
    // Serialised so messages keep their order, as the SDK's own logger does.
    chain = chain.then(() => new Promise<void>((resolve) => client.log(request, () => resolve())));
  };
  return (urn) => ({
    debug: (m) => send(urn, LogSeverity.DEBUG, m),
    info: (m) => send(urn, LogSeverity.INFO, m),
    warn: (m) => send(urn, LogSeverity.WARNING, m),
  });
}
