// Issue 20, item 1, end to end: a flood whose every request is padded so that Nginx's log line
// outgrows the detector's 16 KB line cap. Before the fix the detector counted each such line as
// bad and never judged the sender (an unpadded flood was banned after 184 requests; padded:
// 2,500 requests, 0 bans). The deployed dev stack, its real Nginx and detector, on a host of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostPaths } from "../../components/naming";
import { runClient } from "../kit/clients/client-container";
import { devStack, type DevStack } from "../kit/stack/dev-stack";
import { runPaddedClient } from "../kit/clients/padded-client";
import { kernelListing } from "../kit/host/kernel-listing";
import { bootTestHost, type TestHost } from "../kit/host/test-host";

const HOST = { name: "swiftdeploy-host-logpath", address: "172.31.250.160" };
const ATTACKER = "172.31.250.161";
const BROWSER = "172.31.250.162";
/** A documentation address written straight into the log (never a real sender). */
const LONG_LINES = "198.51.100.160";

/** Polls (bounded) until `address` is in a kernel set. */
async function waitForKernelBan(
  host: TestHost,
  address: string,
  seconds: number,
): Promise<boolean> {
  for (let i = 0; i < seconds * 2; i++) {
    if ((await kernelListing(host)).includes(address)) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

describe("a padded flood through the deployed stack", () => {
  let host: TestHost;
  let stack: DevStack;
  let url: URL;
  let accessLog: string;

  beforeAll(async () => {
    host = await bootTestHost(HOST.name, HOST.address);
    stack = await devStack("logpath", host);
    const up = await stack.up();
    if (up.code !== 0) throw new Error(`pulumi up failed:\n${up.output}`);
    url = new URL(String((await stack.outputs()).publicUrl));
    accessLog = hostPaths(stack.manifest().service.name).accessLog;
  });

  afterAll(async () => {
    await stack?.destroy();
    await host?.destroy();
  });

  it("bans a container whose every request carries 3 KB of control bytes in its User-Agent", async () => {
    const [flood, browsing] = await Promise.all([
      runPaddedClient({
        name: "sd-e2e-padded",
        ip: ATTACKER,
        host: url.hostname,
        port: Number(url.port),
        count: 2500,
        concurrency: 20,
        padByte: 0x01,
        padBytes: 3000,
        giveUpAfterFailures: 40,
      }),
      runClient({
        name: "sd-e2e-padded-browser",
        ip: BROWSER,
        url: url.toString(),
        count: 20,
        concurrency: 1,
        pauseMs: 1000,
      }),
    ]);
    expect(await kernelListing(host)).toContain(ATTACKER);
    expect(flood.failures).toBeGreaterThan(0);
    expect(flood.sent).toBeLessThan(2500);
    expect(browsing).toEqual({ statuses: { 200: 20 }, failures: 0, sent: 20 });
  });

  it("logs the padded requests capped, well under the detector's line limit", async () => {
    const { output } = await host.ssh(
      `grep -F '"source_ip":"${ATTACKER}"' ${accessLog} | awk '{ print length($0) }' | sort -n | tail -1`,
    );
    const longest = Number(output.trim());
    expect(longest).toBeGreaterThan(1500);
    expect(longest).toBeLessThan(16_384);
    const line = (await host.ssh(`grep -F '"source_ip":"${ATTACKER}"' ${accessLog} | head -1`))
      .output;
    expect(JSON.parse(line)).toMatchObject({
      peer_ip: ATTACKER,
      user_agent: `${"\u0001".repeat(256)}...`,
    });
  });

  it("judges lines over 16 KB in the log the deployed detector follows, by their leading fields", async () => {
    // As a log written by another Nginx config would hold them: 400 requests in one second.
    const write = [
      "pad=$(head -c 20000 /dev/zero | tr '\\0' A)",
      "ts=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)",
      `line="{\\"source_ip\\":\\"${LONG_LINES}\\",\\"peer_ip\\":\\"${LONG_LINES}\\",\\"timestamp\\":\\"$ts\\",\\"status\\":200,\\"user_agent\\":\\"$pad\\"}"`,
      `for i in $(seq 400); do printf '%s\\n' "$line"; done >> ${accessLog}`,
    ].join("; ");
    const written = await host.ssh(write);
    expect(written.code, written.output).toBe(0);
    expect(await waitForKernelBan(host, LONG_LINES, 15)).toBe(true);
  });

  it("raises a bad-lines alert naming the sender of the over-long lines", async () => {
    const audit = `${hostPaths(stack.manifest().service.name).detectorStateDir}/audit.jsonl`;
    let alert: { evidence?: { topSources?: { ip: string }[] } } | undefined;
    for (let i = 0; i < 20 && alert === undefined; i++) {
      const { output } = await host.ssh(`grep -F '"rule":"bad-lines"' ${audit} | tail -1`);
      if (output.trim() !== "") alert = (JSON.parse(output) as { decision: typeof alert }).decision;
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(alert?.evidence?.topSources?.[0]?.ip).toBe(LONG_LINES);
  });
});
