/** The `SWIFTDEPLOY_TESTHOST_*=value` facts sandbox/host/boot.sh prints, by name. */
export function bootFacts(output: string): Record<string, string> {
  return Object.fromEntries(
    output
      .split("\n")
      .filter((line) => line.startsWith("SWIFTDEPLOY_TESTHOST_"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

/** ssh/scp options that reach a booted test host non-interactively: its key, no host-key prompt. */
export function testHostSshOptions(keyFile: string): string[] {
  return [
    "-i",
    keyFile,
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "BatchMode=yes",
  ];
}
