import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostAccess } from "../../../components/host-access";
import { SshSession } from "../../../components/ssh-session";
import { fingerprint, parseHostKeys } from "../../../core/ssh-host-key";
import { pinnedHostKeys } from "../../../core/stack-config";
import { requireDocker } from "../../kit/docker/docker";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";
import { startSshd, type SshdFixture } from "../../kit/docker/sshd-container";
import { ed25519KeyPair } from "../../kit/ssh/ed25519-key-pair";

// A host whose key is not the pinned one (a man in the middle, or a swapped host): every SSH path
// of the stack must refuse it before running anything, and say which key it expected and found.
let sshd: SshdFixture;
let home: string;
/** Another host's ed25519 key: what an impostor would present is not it. */
const WRONG = `ssh-ed25519 ${ed25519KeyPair().parsed.getPublicSSH().toString("base64")}`;

const pins = (text: string) =>
  pinnedHostKeys({ sshHostKey: text, sshStrictHostKeyChecking: "yes" }, "test");
const blobOf = (line: string) => parseHostKeys(line).keys[0]!.blob;

beforeAll(async () => {
  await requireDocker();
  buildSandbox();
  sshd = await startSshd("hostkey");
  home = mkdtempSync(path.join(tmpdir(), "sd-hostkey-home-"));
});
afterAll(async () => {
  await sshd?.remove();
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

function target(hostKeys?: string[]) {
  return {
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKey: sshd.privateKey,
    hostKeys,
  };
}

describe("SSH host key pinning", () => {
  it("the program's own SSH session refuses a host whose key is not pinned, naming both fingerprints", async () => {
    const refused = SshSession.connect(target([WRONG]), 10_000);
    await expect(refused).rejects.toThrow(
      `the SSH host key of root@${sshd.host}:22 is not the one pinned in swiftdeploy:sshHostKey: ` +
        `expected ${fingerprint(blobOf(WRONG))} (ssh-ed25519), found ` +
        `${fingerprint(blobOf(sshd.hostKey))} (ssh-ed25519); nothing was run on the host`,
    );
    await expect(refused).rejects.toThrow(/ssh-keyscan -t ed25519 <host>/);
  });

  it("the program's own SSH session connects when the pinned key is the host's", async () => {
    const session = await SshSession.connect(target([WRONG, sshd.hostKey]), 10_000);
    try {
      expect(await session.exec("echo ok")).toBe("ok\n");
    } finally {
      session.close();
    }
  });

  /** A stack with one remote command on the test host, through the stack's own host access. */
  function probeStack(project: string, hostKey: string) {
    return inlineStack(project, async () => {
      const access = hostAccess(
        { address: sshd.host, port: sshd.port, user: sshd.user },
        { file: pulumi.output("/nonexistent"), content: pulumi.secret(sshd.privateKey) },
        { strictHostKeyChecking: "yes", hostKeys: pins(hostKey), name: "hostkey-test", home },
      );
      const probe = new command.remote.Command("probe", {
        connection: access.connection,
        create: "touch /tmp/ran && echo ran",
      });
      return { stdout: probe.stdout };
    });
  }

  it("a remote command of the stack never runs on a host with the wrong key", async () => {
    await sshd.exec("rm -f /tmp/ran");
    const stack = await probeStack("sd-hostkey-wrong", WRONG);
    try {
      await expect(stack.up()).rejects.toThrow(
        /is not the one pinned in swiftdeploy:sshHostKey: expected SHA256:/,
      );
      expect(await sshd.exec("test -e /tmp/ran && echo ran || echo never")).toBe("never");
    } finally {
      await stack.destroy();
    }
  });

  it("a remote command runs when the pinned key is the host's (and carries it as connection.hostKey)", async () => {
    const stack = await probeStack("sd-hostkey-right", `# the test host\n${sshd.hostKey}`);
    try {
      expect((await stack.up()).outputs["stdout"]?.value).toBe("ran");
    } finally {
      await stack.destroy();
    }
  });

  it("the Docker CLI's ssh options refuse a wrong pinned key and accept the right one", async () => {
    const keyFile = path.join(home, "id");
    writeFileSync(keyFile, sshd.privateKey, { mode: 0o600 });
    const sshWith = async (hostKey: string) => {
      const access = hostAccess(
        { address: sshd.host, port: sshd.port, user: sshd.user },
        { file: pulumi.output(keyFile), content: pulumi.secret(sshd.privateKey) },
        { strictHostKeyChecking: "yes", hostKeys: pins(hostKey), name: "hostkey-test", home },
        { verify: () => Promise.resolve(hostKey) },
      );
      const opts = await new Promise<string[]>((resolve) =>
        pulumi.output(access.sshOpts).apply(resolve),
      );
      return spawnSync(
        "ssh",
        [...opts, "-o", "BatchMode=yes", "-p", String(sshd.port), `root@${sshd.host}`, "true"],
        { encoding: "utf8", timeout: 20_000 },
      );
    };
    const wrong = await sshWith(WRONG);
    expect(wrong.status).toBe(255);
    expect(wrong.stderr).toMatch(/host key verification failed/i);
    const right = await sshWith(sshd.hostKey);
    expect(right.stderr).toBe("");
    expect(right.status).toBe(0);
  });
});
