import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../../../cli/context";
import { hostSshTarget } from "../../../../cli/live/host-target";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIwfJqTyGaDtVaub2mTzXK5wB/k2syW91tRNa7m/pdpk";
const HOST = { host: { address: "203.0.113.10", port: 22, user: "deploy" } };

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project whose Pulumi.prod.yaml holds `config` (and a key file). */
function project(config: Record<string, string>): CliContext {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-host-target-"));
  dirs.push(dir);
  writeFileSync(path.join(dir, "id"), "PRIVATE");
  const lines = Object.entries({ "swiftdeploy:sshPrivateKeyFile": "id", ...config })
    .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
    .join("\n");
  writeFileSync(path.join(dir, "Pulumi.prod.yaml"), `config:\n${lines}\n`);
  return {
    projectDir: dir,
    stack: "prod",
    configFile: path.join(dir, "Pulumi.prod.yaml"),
    explicitConfigFile: false,
  } as CliContext;
}

describe("the CLI's SSH target", () => {
  it("carries the stack's pinned host key, so the CLI refuses a host with another key", async () => {
    const ctx = project({
      "swiftdeploy:sshStrictHostKeyChecking": "yes",
      "swiftdeploy:sshHostKey": `203.0.113.10 ${KEY}`,
    });
    expect(await hostSshTarget(ctx, HOST)).toEqual({
      host: "203.0.113.10",
      port: 22,
      user: "deploy",
      privateKey: "PRIVATE",
      hostKeys: [KEY],
    });
  });

  it('refuses "yes" without a pinned key, as the stack does', async () => {
    const ctx = project({ "swiftdeploy:sshStrictHostKeyChecking": "yes" });
    await expect(hostSshTarget(ctx, HOST)).rejects.toThrow(/no host key is pinned/);
  });

  it("checks nothing when no key is pinned under the default policy", async () => {
    expect((await hostSshTarget(project({}), HOST)).hostKeys).toBeUndefined();
  });
});
