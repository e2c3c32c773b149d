import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireDocker } from "../../kit/docker/docker";
import type { InlineStack } from "../../kit/pulumi/inline-stack";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";
import type { SshdFixture } from "../../kit/docker/sshd-container";
import { startSshd } from "../../kit/docker/sshd-container";

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe("command.remote.Command over real SSH", () => {
  const settings = { greeting: "hello", trigger: "t1" };
  let sshd: SshdFixture;
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    sshd = await startSshd("remote-cmd");
    stack = await inlineStack("sd-remote-cmd", async () => {
      const cmd = new command.remote.Command("cmd", {
        connection: {
          host: sshd.host,
          user: sshd.user,
          privateKey: pulumi.secret(sshd.privateKey),
          hostKey: sshd.hostKey,
        },
        create: "echo created $SD_GREETING; cat",
        update: 'echo "updated $SD_GREETING after [$PULUMI_COMMAND_STDOUT]"',
        delete: 'echo "$PULUMI_COMMAND_STDOUT" >> /tmp/deleted.log',
        stdin: "from-stdin\n",
        environment: { SD_GREETING: settings.greeting },
        triggers: [settings.trigger],
      });
      return { stdout: cmd.stdout, stderr: cmd.stderr, connection: cmd.connection };
    });
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await sshd?.remove();
  });

  it("runs create with the environment and stdin, and returns its stdout", async () => {
    const result = await stack.up();
    expect(result.outputs["stdout"]?.value).toBe("created hello\nfrom-stdin");
    expect(result.outputs["stderr"]?.value).toBe("");
    expect(result.outputs["connection"]?.secret).toBe(true);
  });

  it("keeps the private key out of the state files", () => {
    const stateDir = stack.env.env["PULUMI_BACKEND_URL"]?.replace("file://", "") as string;
    const keyBody = sshd.privateKey.split("\n")[1] as string;
    expect(allFiles(stateDir).filter((f) => readFileSync(f, "utf8").includes(keyBody))).toEqual([]);
  });

  it("reports no changes on a second up", async () => {
    expect((await stack.up()).summary.resourceChanges).toEqual({ same: 2 });
  });

  it("runs the update command (with the previous stdout in PULUMI_COMMAND_STDOUT) when an input changes", async () => {
    settings.greeting = "howdy";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(result.outputs["stdout"]?.value).toBe("updated howdy after [created hello\nfrom-stdin]");
  });

  it("replaces on a trigger change: creates anew, then runs the old one's delete command", async () => {
    settings.trigger = "t2";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
    expect(result.outputs["stdout"]?.value).toBe("created howdy\nfrom-stdin");
    expect(await sshd.exec("cat /tmp/deleted.log")).toBe(
      "updated howdy after [created hello\nfrom-stdin]",
    );
  });

  it("runs the delete command on destroy", async () => {
    await stack.destroy();
    expect(await sshd.exec("tail -n 2 /tmp/deleted.log")).toBe("created howdy\nfrom-stdin");
  });

  it("fails with the exit status, the command and its output when the command fails", async () => {
    const failing = await inlineStack("sd-remote-cmd-fail", async () => {
      new command.remote.Command("bad", {
        connection: { host: sshd.host, user: sshd.user, privateKey: sshd.privateKey },
        create: "echo before-failing; exit 3",
      });
    });
    try {
      await expect(failing.up()).rejects.toThrow(
        /Process exited with status 3: running "echo before-failing; exit 3":\n\s*before-failing/,
      );
    } finally {
      await failing.destroy();
    }
  });

  it("refuses a host whose key does not match hostKey", async () => {
    const failing = await inlineStack("sd-remote-cmd-hostkey", async () => {
      new command.remote.Command("pinned", {
        connection: {
          host: sshd.host,
          privateKey: sshd.privateKey,
          hostKey:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGb0gZf6nW0W2bvmn7jSmyZ8i2Jf7fRj3Zq0mD1mXoQ+",
          dialErrorLimit: 2,
        },
        create: "true",
      });
    });
    try {
      await expect(failing.up()).rejects.toThrow(
        `ssh to root@${sshd.host}:22 failed after 1 attempt(s)`,
      );
    } finally {
      await failing.destroy();
    }
  });
});
