import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { Client } from "ssh2";
import { ed25519KeyPair } from "../ssh/ed25519-key-pair";
import { docker, dockerOk, uniqueName } from "./docker";

/** The base image every test image builds FROM (made by `npm run setup`; no registry here). */
export const BASE_IMAGE = process.env["SWIFTDEPLOY_BASE_IMAGE"] ?? "local/debian:bookworm";

const DOCKERFILE = `FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server openssh-sftp-server \\
 && rm -rf /var/lib/apt/lists/* && mkdir -p /run/sshd \\
 && printf 'AcceptEnv SD_* PULUMI_COMMAND_*\\nPasswordAuthentication no\\n' > /etc/ssh/sshd_config.d/swiftdeploy-test.conf
CMD ["sh", "-c", "install -d -m 700 /root/.ssh && printf '%s\\\\n' \\"$AUTHORIZED_KEY\\" > /root/.ssh/authorized_keys && chmod 600 /root/.ssh/authorized_keys && exec /usr/sbin/sshd -D -e"]
`;

/** The test sshd image, tagged by the hash of its Dockerfile (kept as a cache between runs). */
export const SSHD_IMAGE = `swiftdeploy-test/sshd:${createHash("sha256").update(DOCKERFILE).digest("hex").slice(0, 12)}`;

/** A running sshd container reachable from this machine, with a throwaway ed25519 key. */
export interface SshdFixture {
  readonly container: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
  /** The server's ed25519 host key, `ssh-ed25519 AAAA…` (for `connection.hostKey`). */
  readonly hostKey: string;
  /** Runs a shell command inside the container (not over SSH) and returns stdout. */
  exec(command: string): Promise<string>;
  remove(): Promise<void>;
}

async function ensureImage(): Promise<void> {
  if ((await docker(["image", "inspect", SSHD_IMAGE])).code === 0) return;
  if ((await docker(["image", "inspect", BASE_IMAGE])).code !== 0) {
    throw new Error(`base image ${BASE_IMAGE} is missing; run \`npm run setup\` to build it`);
  }
  await dockerOk(["build", "--tag", SSHD_IMAGE, "-"], DOCKERFILE);
}

function sshReady(host: string, privateKey: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = new Client();
    client.once("ready", () => {
      client.end();
      resolve(true);
    });
    client.once("error", () => resolve(false));
    client.connect({ host, port: 22, username: "root", privateKey, readyTimeout: 2000 });
  });
}

/** Options of `startSshd`. */
export interface SshdOptions {
  /**
   * Mounts this machine's (static) docker CLI and engine socket, so `docker -H ssh://root@<host>`
   * reaches the local engine through this sshd — a stand-in for a remote Docker host.
   */
  readonly dockerOverSsh?: boolean;
}

async function dockerOverSshArgs(): Promise<string[]> {
  const endpoint = await dockerOk(["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"]);
  if (!endpoint.startsWith("unix://"))
    throw new Error(`dockerOverSsh needs a local engine socket, not ${endpoint}`);
  const binary = execFileSync("bash", ["-c", "command -v docker"], { encoding: "utf8" }).trim();
  return [
    "--volume",
    `${binary}:/usr/local/bin/docker:ro`,
    "--volume",
    `${endpoint.slice("unix://".length)}:/var/run/docker.sock`,
  ];
}

/**
 * Starts an sshd container (image built FROM the local base image on first use) that accepts a
 * key generated for this call only. Waits (at most 30 s) until a key login works.
 */
export async function startSshd(label: string, options: SshdOptions = {}): Promise<SshdFixture> {
  await ensureImage();
  const extra = options.dockerOverSsh ? await dockerOverSshArgs() : [];
  const keys = ed25519KeyPair(`swiftdeploy-test-${label}`);
  const container = uniqueName(`sshd-${label}`);
  await dockerOk([
    "run",
    "--detach",
    "--name",
    container,
    "--label",
    "swiftdeploy.test=sshd",
    ...extra,
    "--env",
    `AUTHORIZED_KEY=${keys.public}`,
    SSHD_IMAGE,
  ]);
  const fixture: SshdFixture = {
    container,
    host: await dockerOk([
      "container",
      "inspect",
      "--format",
      "{{.NetworkSettings.IPAddress}}",
      container,
    ]),
    port: 22,
    user: "root",
    privateKey: keys.private,
    hostKey: (await dockerOk(["exec", container, "cat", "/etc/ssh/ssh_host_ed25519_key.pub"]))
      .split(" ")
      .slice(0, 2)
      .join(" "),
    exec: (command) => dockerOk(["exec", container, "sh", "-c", command]),
    remove: async () => void (await docker(["container", "rm", "--force", container])),
  };
  for (let attempt = 0; attempt < 60; attempt++) {
    if (await sshReady(fixture.host, fixture.privateKey)) return fixture;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await fixture.remove();
  throw new Error(`sshd in ${container} did not accept the test key within 30 s`);
}
