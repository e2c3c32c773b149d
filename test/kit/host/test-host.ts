import { execFile } from "node:child_process";
import path from "node:path";
import { bootFacts, testHostSshOptions } from "./boot-output";
import { REPO_ROOT } from "../repo-root";

/** A booted local test host (systemd + sshd + Docker container), as sandbox/host/boot.sh reports it. */
export interface TestHost {
  readonly name: string;
  readonly address: string;
  /** Its IPv6 address on the network, when booted with one (`own.ip6`). */
  readonly address6?: string;
  readonly user: string;
  readonly keyFile: string;
  /** The ssh options that reach it non-interactively (key, no host-key prompt), without the destination. */
  readonly sshOptions: readonly string[];
  /** Runs a command on the host over SSH; resolves with its exit code and output, never throws. */
  ssh(command: string): Promise<{ code: number; output: string }>;
  /** Removes the container, its Docker data and the testbed network if unused. */
  destroy(): Promise<void>;
}

function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/**
 * Boots a fresh test host of its own (name and address on the testbed network 172.31.250.0/24,
 * or on a network of its own), so
 * tests never touch another test's host or the developer's `npm start` host. Whatever an earlier,
 * interrupted run left under that name (container, Docker data) is removed first: every test starts
 * from an empty engine, as its fresh Pulumi backend expects.
 */
export async function bootTestHost(
  name: string,
  address: string,
  /**
   * Another network, subnet or image (built on the test host's) than the shared testbed's; with
   * `ip6` and `subnet6`, an IPv6 address too, on a network with IPv6, and an inner Docker engine that
   * publishes ports over IPv6 with ip6tables (sandbox/host/boot.sh).
   */
  own: {
    readonly network?: string;
    readonly subnet?: string;
    readonly image?: string;
    readonly ip6?: string;
    readonly subnet6?: string;
  } = {},
): Promise<TestHost> {
  const env = {
    ...process.env,
    SWIFTDEPLOY_TESTHOST_NAME: name,
    SWIFTDEPLOY_TESTHOST_IP: address,
    ...(own.network === undefined ? {} : { SWIFTDEPLOY_TESTHOST_NETWORK: own.network }),
    ...(own.subnet === undefined ? {} : { SWIFTDEPLOY_TESTHOST_SUBNET: own.subnet }),
    ...(own.image === undefined ? {} : { SWIFTDEPLOY_TESTHOST_IMAGE: own.image }),
    ...(own.ip6 === undefined ? {} : { SWIFTDEPLOY_TESTHOST_IP6: own.ip6 }),
    ...(own.subnet6 === undefined ? {} : { SWIFTDEPLOY_TESTHOST_SUBNET6: own.subnet6 }),
  };
  await run("bash", [path.join(REPO_ROOT, "sandbox/host/destroy.sh"), "--purge"], env);
  const booted = await run("bash", [path.join(REPO_ROOT, "sandbox/host/boot.sh")], env);
  if (booted.code !== 0) throw new Error(`booting test host ${name} failed:\n${booted.output}`);
  const facts = bootFacts(booted.output);
  const keyFile = facts.SWIFTDEPLOY_TESTHOST_KEY ?? "";
  const user = facts.SWIFTDEPLOY_TESTHOST_USER ?? "root";
  const sshOptions = testHostSshOptions(keyFile);
  return {
    name,
    address,
    ...(own.ip6 === undefined ? {} : { address6: own.ip6 }),
    user,
    keyFile,
    sshOptions,
    ssh: (command) => run("ssh", [...sshOptions, `${user}@${address}`, command]),
    destroy: async () => {
      await run("bash", [path.join(REPO_ROOT, "sandbox/host/destroy.sh"), "--purge"], env);
    },
  };
}
