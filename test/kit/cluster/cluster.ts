import { execFile } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../repo-root";

/** What a command printed and how it ended; never thrown. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  file: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [...args],
      { env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** A node of the sandbox cluster: its name (also its container's) and address on the cluster network. */
export interface ClusterNode {
  readonly name: string;
  readonly address: string;
}

/** A booted sandbox cluster (sandbox/cluster/boot.sh), as its KEY=VALUE facts report it. */
export interface SandboxCluster {
  readonly name: string;
  /** The Docker network the nodes sit on; test clients join it. */
  readonly network: string;
  readonly kubeconfig: string;
  readonly controlPlane: ClusterNode;
  readonly workers: readonly ClusterNode[];
  readonly edgeLabel: string;
  /** Every fact boot.sh printed, by key. */
  readonly facts: Readonly<Record<string, string>>;
  /** Runs the pinned kubectl against the cluster; resolves with its result, never throws. */
  kubectl(args: readonly string[], input?: string): Promise<RunResult>;
  /** Like kubectl, but fails with the command and its stderr on a non-zero exit; returns stdout. */
  kubectlOk(args: readonly string[], input?: string): Promise<string>;
  /** Imports local Docker images into every node's containerd. */
  loadImages(images: readonly string[]): Promise<void>;
  /** Removes the nodes, their data, certificates and network. */
  destroy(): Promise<void>;
}

function parseNode(fact: string): ClusterNode {
  const at = fact.indexOf("=");
  return { name: fact.slice(0, at), address: fact.slice(at + 1) };
}

/**
 * Boots a sandbox cluster of its own (name and /24 given by the test, so it never touches the
 * developer's cluster or another test's); whatever an interrupted run left under that name is
 * removed first, so every run starts from empty nodes.
 */
export async function bootSandboxCluster(name: string, subnet: string): Promise<SandboxCluster> {
  const env = {
    ...process.env,
    SWIFTDEPLOY_CLUSTER_NAME: name,
    SWIFTDEPLOY_CLUSTER_SUBNET: subnet,
  };
  const script = (file: string) => path.join(REPO_ROOT, "sandbox/cluster", file);
  await run("bash", [script("destroy.sh"), "--purge"], { env });
  const booted = await run("bash", [script("boot.sh")], { env });
  if (booted.code !== 0)
    throw new Error(`booting cluster ${name} failed:\n${booted.stdout}${booted.stderr}`);
  const facts: Record<string, string> = Object.fromEntries(
    booted.stdout
      .split("\n")
      .filter((line) => line.startsWith("SWIFTDEPLOY_CLUSTER_"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  const fact = (key: string): string => {
    const value = facts[key];
    if (value === undefined)
      throw new Error(`sandbox/cluster/boot.sh printed no ${key}:\n${booted.stdout}`);
    return value;
  };
  const kubectlBinary = fact("SWIFTDEPLOY_CLUSTER_KUBECTL");
  const kubeconfig = fact("SWIFTDEPLOY_CLUSTER_KUBECONFIG");
  const kubectl = (args: readonly string[], input?: string) =>
    run(kubectlBinary, ["--kubeconfig", kubeconfig, ...args], { input, timeoutMs: 120_000 });
  return {
    name,
    network: fact("SWIFTDEPLOY_CLUSTER_NETWORK"),
    kubeconfig,
    controlPlane: parseNode(fact("SWIFTDEPLOY_CLUSTER_CONTROL_PLANE")),
    workers: fact("SWIFTDEPLOY_CLUSTER_WORKERS").split(" ").map(parseNode),
    edgeLabel: fact("SWIFTDEPLOY_CLUSTER_EDGE_LABEL"),
    facts,
    kubectl,
    kubectlOk: async (args, input) => {
      const result = await kubectl(args, input);
      if (result.code !== 0)
        throw new Error(`kubectl ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
      return result.stdout;
    },
    loadImages: async (images) => {
      const loaded = await run("bash", [script("load-images.sh"), ...images], { env });
      if (loaded.code !== 0)
        throw new Error(`loading ${images.join(", ")} failed:\n${loaded.stdout}${loaded.stderr}`);
    },
    destroy: async () => {
      await run("bash", [script("destroy.sh"), "--purge"], { env });
    },
  };
}

/** Builds the stack's images at `versions` and imports them into every node of cluster `name`. */
export async function importAppImages(name: string, versions: readonly string[]): Promise<void> {
  const script = path.join(REPO_ROOT, "scripts/kubernetes/app-images.sh");
  const result = await run("bash", [script, ...versions], {
    env: { ...process.env, SWIFTDEPLOY_CLUSTER_NAME: name },
  });
  if (result.code !== 0) throw new Error(`${script} ${versions.join(" ")}: ${result.stderr}`);
}

/**
 * The manifest's text with the test machine on the detector's allowlist: the tests' own requests
 * reach the NodePorts from the cluster network's gateway (`<subnet>.1`), and a detector that reads
 * Nginx's log would otherwise judge a test's bursts as a flood, as it would an operator's. `others`:
 * addresses of the tests' own measuring clients on the cluster network, allowlisted too.
 */
export function allowTestMachine(
  manifestText: string,
  subnet: string,
  others: readonly string[] = [],
): string {
  const gateway = subnet.replace(/\.0\/24$/, ".1");
  const section = "\ndetector:\n";
  if (!manifestText.includes(section) || gateway === subnet)
    throw new Error(`allowTestMachine: no top-level detector section, or ${subnet} is not a /24`);
  const entries = [gateway, ...others].map((a) => `    - ${a}\n`).join("");
  return manifestText.replace(section, `${section}  allowlist:\n${entries}`);
}
