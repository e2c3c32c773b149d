import type { TestHost } from "./test-host";

/** Every kernel set and rule on the host (`ipset list` and `nft list ruleset`), as text. */
export async function kernelListing(host: TestHost): Promise<string> {
  const { output } = await host.ssh("ipset list 2>/dev/null; nft list ruleset 2>/dev/null");
  return output;
}
