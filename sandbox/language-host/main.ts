// pulumi-language-nodejs stand-in: the CLI starts it with the engine address as the last argument
// and reads the port it listens on from the first line of its stdout.
import { LanguageRuntimeService } from "@pulumi/pulumi/proto/language_grpc_pb";
import { sdkGrpc } from "../shared/sdk-modules";
import { languageRuntime } from "./language-runtime";

/** Flags the CLI may pass before the engine address; their values are not used here. */
const FLAGS_WITH_VALUE = new Set(["--tracing", "--root", "-tracing", "-root"]);

function engineAddressFrom(argv: readonly string[]): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (FLAGS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  return positional[0];
}

function main(): void {
  const grpc = sdkGrpc();
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  server.addService(
    LanguageRuntimeService,
    languageRuntime(engineAddressFrom(process.argv.slice(2)), grpc.status),
  );
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      process.stderr.write(`sandbox language host: cannot listen: ${error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
}

main();
