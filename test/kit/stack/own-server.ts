import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { pulumi, type CliResult } from "../pulumi/pulumi-cli";
import { buildSandbox, pulumiEnv } from "../pulumi/pulumi-env";
import { REPO_ROOT } from "../repo-root";
import { copyProject } from "./project-copy";
import type { TestHost } from "../host/test-host";

/** The shared test host image with sudo added (sandbox/host/sudo/Dockerfile), under a tag of its own. */
export const SUDO_HOST_IMAGE = "swiftdeploy/testhost-sudo:bookworm";
const BASE_HOST_IMAGE = "swiftdeploy/testhost:bookworm";

function run(file: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Builds the sudo host image when missing or when its recipe (Dockerfile, base image) changed. */
export async function ensureSudoHostImage(): Promise<void> {
  const dockerfile = path.join(REPO_ROOT, "sandbox/host/sudo/Dockerfile");
  const base = await run("docker", ["image", "inspect", "-f", "{{.Id}}", BASE_HOST_IMAGE]);
  if (base.code !== 0) throw new Error(`${BASE_HOST_IMAGE} is missing: run npm run setup`);
  const recipe = createHash("sha256")
    .update(readFileSync(dockerfile))
    .update(base.output.trim())
    .digest("hex")
    .slice(0, 16);
  const current = await run("docker", [
    "image",
    "inspect",
    "-f",
    '{{ index .Config.Labels "dev.swiftdeploy.recipe" }}',
    SUDO_HOST_IMAGE,
  ]);
  if (current.code === 0 && current.output.trim() === recipe) return;
  const built = await run("docker", [
    "build",
    "--label",
    `dev.swiftdeploy.recipe=${recipe}`,
    "--build-arg",
    `HOST_IMAGE=${BASE_HOST_IMAGE}`,
    "-t",
    SUDO_HOST_IMAGE,
    path.dirname(dockerfile),
  ]);
  if (built.code !== 0) throw new Error(`building ${SUDO_HOST_IMAGE} failed:\n${built.output}`);
}

/** Runs scripts/host/prepare-host.sh as root on the host, as the README tells a new user to. */
export async function prepareHost(host: TestHost, user: string): Promise<string> {
  const script = readFileSync(path.join(REPO_ROOT, "scripts/host/prepare-host.sh")).toString(
    "base64",
  );
  const key = readFileSync(`${host.keyFile}.pub`, "utf8").trim();
  const result = await host.ssh(
    `echo ${script} | base64 -d > /tmp/prepare-host.sh && bash /tmp/prepare-host.sh ${user} '${key}'`,
  );
  if (result.code !== 0) throw new Error(`prepare-host.sh failed:\n${result.output}`);
  return result.output;
}

/** A stack made from Pulumi.prod.yaml the way README.md says, in a copy of the project. */
export interface OwnServerStack {
  /** `pulumi <args> --stack prod` in the project copy (whose Pulumi.prod.yaml the steps edit). */
  cli(args: readonly string[], input?: string): Promise<CliResult>;
  /** The copy's policies/crossguard. */
  readonly pack: string;
  /** The copy's Pulumi.prod.yaml `config:` as YAML parses it. */
  config(): Record<string, unknown>;
  cleanup(): void;
}

/**
 * Copies Pulumi.prod.yaml, inits the prod stack in a temp backend and runs the README's
 * `pulumi config set` lines against the test host: its address (with --path), the key as a
 * secret, the host key pinned from ssh-keyscan; plus the local images and load threshold of the
 * dev stack (this machine cannot pull official images).
 */
export async function ownServerStack(host: TestHost): Promise<OwnServerStack> {
  buildSandbox();
  const env = pulumiEnv("own-server");
  // `stack init` and `config set` write the project's Pulumi.prod.yaml: a copy's, never the repo's.
  const project = copyProject("own-server", {}, (text) => text, "prod");
  const dir = project.dir;
  const configFile = path.join(dir, "Pulumi.prod.yaml");
  const cli = (args: readonly string[], input?: string) =>
    pulumi(env, dir, [...args, "--stack", "prod"], input);
  const ok = async (args: readonly string[], input?: string) => {
    const result = await cli(args, input);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${result.output}`);
  };
  const init = await pulumi(env, dir, ["stack", "init", "prod"]);
  if (init.code !== 0) throw new Error(`pulumi stack init failed:\n${init.output}`);
  const dev =
    (
      parse(readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8")) as {
        config: Record<string, Record<string, unknown>>;
      }
    ).config["swiftdeploy:overrides"] ?? {};
  const set = (field: string, value: unknown) =>
    ok(["config", "set", "--path", `swiftdeploy:overrides.${field}`, String(value)]);
  await set("host.address", host.address);
  for (const field of ["images.base", "images.nginx", "images.opa", "policy.deploy.maxLoadPerCpu"])
    await set(field, dev[field]);
  await ok(
    ["config", "set", "--secret", "swiftdeploy:sshPrivateKey"],
    readFileSync(host.keyFile, "utf8"),
  );
  const scan = await run("ssh-keyscan", ["-t", "ed25519", host.address]);
  const hostKey = scan.output
    .split("\n")
    .find((line) => line.startsWith(`${host.address} ssh-ed25519 `));
  if (hostKey === undefined) throw new Error(`ssh-keyscan found no ed25519 key:\n${scan.output}`);
  await ok(["config", "set", "swiftdeploy:sshHostKey", hostKey]);
  return {
    cli,
    pack: path.join(dir, "policies/crossguard"),
    config: () =>
      (parse(readFileSync(configFile, "utf8")) as { config: Record<string, unknown> }).config,
    cleanup: () => {
      project.dispose();
      env.cleanup();
    },
  };
}
