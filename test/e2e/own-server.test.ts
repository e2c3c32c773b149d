// The README's "On your own server" path, end to end: a Debian host prepared by
// scripts/host/prepare-host.sh with a deploy user other than root (docker group, a sudo rule), the
// prod stack from Pulumi.prod.yaml set up with `pulumi config set --path` and a secret key, and a
// plain `pulumi up --policy-pack policies/crossguard` without `swiftdeploy init` first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostPaths } from "../../components/naming";
import { requireDocker } from "../kit/docker/docker";
import {
  ensureSudoHostImage,
  ownServerStack,
  prepareHost,
  SUDO_HOST_IMAGE,
  type OwnServerStack,
} from "../kit/stack/own-server";
import { bootTestHost, type TestHost } from "../kit/host/test-host";

// A network, subnet and host name no other test uses.
const HOST = { name: "swiftdeploy-host-own", address: "172.31.248.10" };
const OWN = {
  network: "swiftdeploy-testbed-own",
  subnet: "172.31.248.0/24",
  image: SUDO_HOST_IMAGE,
};
const USER = "deploy";
const RULE = `/etc/sudoers.d/swiftdeploy-${USER}`;
const paths = hostPaths("api");

describe("on your own server: a deploy user with sudo, the prod stack, the pack without init", () => {
  let host: TestHost;
  let stack: OwnServerStack;

  beforeAll(async () => {
    await requireDocker();
    await ensureSudoHostImage();
    host = await bootTestHost(HOST.name, HOST.address, OWN);
    await prepareHost(host, USER);
    stack = await ownServerStack(host);
  });

  afterAll(async () => {
    if (stack !== undefined) {
      await stack.cli(["destroy", "--yes", "--skip-preview"]);
      stack.cleanup();
    }
    await host?.destroy();
  });

  it("prepare-host.sh made a user that logs in, runs sudo -n and reaches Docker, and root still logs in", async () => {
    const asDeploy = await host.ssh(
      `su - ${USER} -c 'id -un; sudo -n true && echo sudo-ok; docker version --format "{{.Server.Version}}" >/dev/null && echo docker-ok'`,
    );
    expect(asDeploy.output).toContain(`${USER}\nsudo-ok\ndocker-ok`);
    expect((await host.ssh("id -un")).output.trim()).toBe("root");
    expect(stack.config()["swiftdeploy:overrides"]).toMatchObject({
      host: { address: HOST.address, user: USER },
      images: { nginx: "swiftdeploy/nginx:bookworm" },
    });
  });

  it("refuses a plain pulumi up without the pack (SD_UNGUARDED), creating nothing", async () => {
    const up = await stack.cli(["up", "--yes", "--skip-preview"]);
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("SD_UNGUARDED");
    expect(up.output).toContain("refusing to run stack prod without the CrossGuard pack");
    expect(up.output).toContain("swiftdeploy:allowUnguarded true");
    const state = await stack.cli(["stack", "export"]);
    expect(state.stdout).not.toMatch(/"urn": "[^"]*(docker|command):/);
  });

  it("stops at once, naming host.user and the sudoers line, when the sudo rule is missing (SD_HOST_ACCESS)", async () => {
    await host.ssh(`mv ${RULE} /root/sudoers-rule.saved`);
    try {
      const up = await stack.cli(["up", "--yes", "--skip-preview", "--policy-pack", stack.pack]);
      expect(up.code).not.toBe(0);
      expect(up.ms).toBeLessThan(90_000);
      expect(up.output).toContain("SD_HOST_ACCESS");
      expect(up.output).toContain(
        `host.user ${USER} on ${HOST.address}:22 cannot do what the stack needs`,
      );
      expect(up.output).toContain(`${USER} ALL=(root) NOPASSWD: ALL`);
      const state = await stack.cli(["stack", "export"]);
      expect(state.stdout).not.toMatch(/"urn": "[^"]*(docker|command):/);
    } finally {
      await host.ssh(`mv /root/sudoers-rule.saved ${RULE}`);
    }
  }, 180_000);

  it("deploys with only --policy-pack (its config read from the manifest) as the deploy user", async () => {
    const up = await stack.cli(["up", "--yes", "--skip-preview", "--policy-pack", stack.pack]);
    expect(up.code, up.output).toBe(0);
    const outputs = JSON.parse((await stack.cli(["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(outputs.detectorUnitState).toBe("active");
    const response = await fetch(String(outputs.publicUrl), { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(200);
    // Root's files, written through sudo by a user that is not root.
    const owners = await host.ssh(
      `stat -c '%U %a %n' ${paths.detectorConfig} ${paths.nginxDir}/nginx.conf ${paths.nodeBinary} ${paths.detectorBundle}`,
    );
    expect(owners.output).toContain(`root 600 ${paths.detectorConfig}`);
    expect(owners.output).toContain(`root 644 ${paths.nginxDir}/nginx.conf`);
    expect(owners.output).toContain(`root 755 ${paths.nodeBinary}`);
    expect(owners.output).toContain(`root 644 ${paths.detectorBundle}`);
  });

  it("judges with the manifest's allow-list: an official image by tag is refused at preview", async () => {
    const set = (image: string) =>
      stack.cli(["config", "set", "--path", "swiftdeploy:overrides.images.nginx", image]);
    await set("nginx:1.27-bookworm");
    try {
      const preview = await stack.cli(["preview", "--policy-pack", stack.pack]);
      expect(preview.code).not.toBe(0);
      expect(preview.output).toContain("images-pinned");
      expect(preview.output).toContain("nginx:1.27-bookworm");
    } finally {
      await set("swiftdeploy/nginx:bookworm");
    }
  });

  it("changes nothing on a second run", async () => {
    const preview = await stack.cli([
      "preview",
      "--expect-no-changes",
      "--policy-pack",
      stack.pack,
    ]);
    expect(preview.code, preview.output).toBe(0);
  });
});
