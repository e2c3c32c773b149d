import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireDocker } from "../../kit/docker/docker";
import type { InlineStack } from "../../kit/pulumi/inline-stack";
import { inlineStack } from "../../kit/pulumi/inline-stack";
import { buildSandbox } from "../../kit/pulumi/pulumi-env";
import type { SshdFixture } from "../../kit/docker/sshd-container";
import { startSshd } from "../../kit/docker/sshd-container";

describe("command.remote.CopyToRemote over SFTP", () => {
  const local = mkdtempSync(path.join(tmpdir(), "sd-copy-src-"));
  const settings = { text: "port=8080\n" };
  let sshd: SshdFixture;
  let stack: InlineStack;

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    sshd = await startSshd("copy");
    mkdirSync(path.join(local, "site", "css"), { recursive: true });
    writeFileSync(path.join(local, "site", "index.html"), "<h1>hi</h1>\n");
    writeFileSync(path.join(local, "site", "css", "a.css"), "body{}\n");
    writeFileSync(path.join(local, "unit.service"), "[Unit]\nDescription=x\n");
    stack = await inlineStack("sd-copy", async () => {
      const connection = {
        host: sshd.host,
        user: sshd.user,
        privateKey: pulumi.secret(sshd.privateKey),
      };
      const text = new command.remote.CopyToRemote("text", {
        connection,
        source: new pulumi.asset.StringAsset(settings.text),
        remotePath: "/srv/app/etc/app.conf",
      });
      // After "text", so /srv/app exists as a directory and the file keeps its name inside it.
      new command.remote.CopyToRemote(
        "file",
        {
          connection,
          source: new pulumi.asset.FileAsset(path.join(local, "unit.service")),
          remotePath: "/srv/app",
        },
        { dependsOn: [text] },
      );
      new command.remote.CopyToRemote("dir", {
        connection,
        source: new pulumi.asset.FileArchive(path.join(local, "site")),
        remotePath: "/srv/www",
      });
    });
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await sshd?.remove();
    rmSync(local, { recursive: true, force: true });
  });

  it("copies text to a new path (parents created), a file into a directory, a directory under the target", async () => {
    await stack.up();
    expect(await sshd.exec("cat /srv/app/etc/app.conf")).toBe("port=8080");
    expect(await sshd.exec("cat /srv/app/unit.service")).toBe("[Unit]\nDescription=x");
    expect(await sshd.exec("cd /srv/www && find . -type f | sort")).toBe(
      "./site/css/a.css\n./site/index.html",
    );
  });

  it("copies again when the source content changes (update in place)", async () => {
    settings.text = "port=9090\n";
    const result = await stack.up();
    expect(result.summary.resourceChanges).toEqual({ same: 3, update: 1 });
    expect(await sshd.exec("cat /srv/app/etc/app.conf")).toBe("port=9090");
  });

  it("leaves the remote files in place on destroy, as the official provider does", async () => {
    await stack.destroy();
    expect(await sshd.exec("cat /srv/app/etc/app.conf")).toBe("port=9090");
  });
});

describe("command.local.Command", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sd-local-cmd-"));
  const settings = { value: "a" };
  let stack: InlineStack;

  beforeAll(async () => {
    buildSandbox();
    stack = await inlineStack("sd-local-cmd", async () => {
      const cmd = new command.local.Command("cmd", {
        dir,
        create: 'echo "create $SD_VALUE" > created.txt; echo "out $SD_VALUE"; echo "warn" >&2',
        update: 'echo "update $SD_VALUE after $PULUMI_COMMAND_STDOUT"',
        delete: "touch deleted.txt",
        environment: { SD_VALUE: settings.value },
        interpreter: ["/bin/bash", "-c"],
      });
      return { stdout: cmd.stdout, stderr: cmd.stderr };
    });
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs create in dir with the environment, capturing stdout and stderr", async () => {
    const result = await stack.up();
    expect(result.outputs["stdout"]?.value).toBe("out a");
    expect(result.outputs["stderr"]?.value).toBe("warn");
    expect(readFileSync(path.join(dir, "created.txt"), "utf8")).toBe("create a\n");
  });

  it("runs update with the previous stdout when the environment changes", async () => {
    settings.value = "b";
    const result = await stack.up();
    expect(result.outputs["stdout"]?.value).toBe("update b after out a");
  });

  it("runs delete on destroy", async () => {
    await stack.destroy();
    expect(existsSync(path.join(dir, "deleted.txt"))).toBe(true);
  });
});
