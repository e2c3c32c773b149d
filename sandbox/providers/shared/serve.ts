import { main } from "@pulumi/pulumi/provider";
import { engineLogFactory } from "./engine-log";
import type { ProviderConfigHooks } from "./provider-config-hook";
import { hookProviderConfig } from "./provider-config-hook";
import type { ResourceHandler } from "./resource-handler";
import { dispatchingProvider } from "./resource-handler";

/** Version the stand-ins report: they implement a subset of these official provider versions. */
export const STAND_IN_VERSIONS = { docker: "5.2.0", command: "1.2.1" } as const;

/** Flags the engine may put before the engine address. */
const FLAG_WITH_VALUE = new Set(["--tracing"]);

function engineAddressFrom(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (FLAG_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * Starts a stand-in provider plugin with the SDK's own provider server: the engine address comes
 * from argv, the port goes to stdout's first line.
 */
export function serveStandIn(options: {
  pkg: keyof typeof STAND_IN_VERSIONS;
  handlers: readonly ResourceHandler[];
  config: ProviderConfigHooks;
}): Promise<void> {
  const argv = process.argv.slice(2);
  const logs = engineLogFactory(engineAddressFrom(argv));
  hookProviderConfig(options.config);
  const provider = dispatchingProvider(
    options.pkg,
    STAND_IN_VERSIONS[options.pkg],
    options.handlers,
    logs,
  );
  return main(provider, argv);
}
