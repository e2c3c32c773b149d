import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ErrorCode, SwiftDeployError } from "../../core/errors";

/** A local port forwarded into a pod, and how to stop it. */
export interface PortForward {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** A command's exit status and output (stdout, then stderr) in a pod. */
export interface PodExec {
  readonly exitCode: number;
  readonly output: string;
}

/** What the deploy gate asks of the cluster; the real one runs kubectl, tests pass a twin. */
export interface KubeClient {
  /** GET a path of the API server (`kubectl get --raw`), parsed as JSON. */
  getJson(apiPath: string): Promise<unknown>;
  /** Forwards a local loopback port to `port` inside the pod, through the API server. */
  portForward(namespace: string, pod: string, port: number): Promise<PortForward>;
  /** Runs `command` in the pod's first container (`kubectl exec`); a non-zero exit is returned. */
  exec(namespace: string, pod: string, command: readonly string[]): Promise<PodExec>;
  /** Removes the kubeconfig copy. */
  close(): void;
}

/** Where kubectl is and the kubeconfig it uses (its content: a secret, kept in a 0600 file). */
export interface KubectlOptions {
  readonly kubectl: string;
  readonly kubeconfig: string;
  /** Receives each command line run (without secrets), for the operator's log. */
  readonly log?: (line: string) => void;
  readonly timeoutMs?: number;
}

const FORWARDING = /Forwarding from 127\.0\.0\.1:(\d+) ->/;

/** A {@link KubeClient} that runs kubectl with a private copy of the kubeconfig. */
export function kubectlClient(options: KubectlOptions): KubeClient {
  const dir = mkdtempSync(path.join(tmpdir(), "swiftdeploy-kube-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  writeFileSync(kubeconfig, options.kubeconfig, { mode: 0o600 });
  const base = ["--kubeconfig", kubeconfig];
  const timeoutMs = options.timeoutMs ?? 30_000;
  const failed = (args: readonly string[], detail: string) =>
    new SwiftDeployError(ErrorCode.RemoteFailed, `kubectl ${args.join(" ")} failed`, [
      detail.trim() || "no output",
      `check the kubeconfig and that ${options.kubectl} (swiftdeploy:kubectl) reaches the cluster`,
    ]);
  return {
    getJson(apiPath) {
      const args = ["get", "--raw", apiPath];
      options.log?.(`kubectl ${args.join(" ")}`);
      return new Promise((resolve, reject) => {
        execFile(
          options.kubectl,
          [...base, ...args],
          { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => {
            if (error !== null) return reject(failed(args, stderr || error.message));
            try {
              resolve(JSON.parse(stdout));
            } catch {
              reject(failed(args, `not JSON: ${stdout.slice(0, 200)}`));
            }
          },
        );
      });
    },
    portForward(namespace, pod, port) {
      const args = ["port-forward", "-n", namespace, `pod/${pod}`, `:${port}`];
      options.log?.(`kubectl ${args.join(" ")} --address 127.0.0.1`);
      const child = spawn(options.kubectl, [...base, ...args, "--address", "127.0.0.1"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const close = async () => {
        if (child.exitCode === null) child.kill("SIGTERM");
        await exited;
      };
      return new Promise((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => {
          void close();
          reject(failed(args, `no local port within ${timeoutMs} ms: ${output}`));
        }, timeoutMs);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = FORWARDING.exec(output);
          if (match === null) return;
          clearTimeout(timer);
          resolve({ baseUrl: `http://127.0.0.1:${match[1]}`, close });
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("error", (error) => {
          clearTimeout(timer);
          reject(failed(args, error.message));
        });
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(failed(args, `exited ${code}: ${output}`));
        });
      });
    },
    exec(namespace, pod, command) {
      const args = ["exec", "-n", namespace, pod, "--", ...command];
      options.log?.(`kubectl exec -n ${namespace} ${pod} -- ${command[0] ?? ""} …`);
      return new Promise((resolve, reject) => {
        execFile(
          options.kubectl,
          [...base, ...args],
          // An audit log's tail (every pod's 20,000 lines) can pass 16 MiB.
          { timeout: timeoutMs, maxBuffer: 128 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = (error as { code?: unknown } | null)?.code;
            // kubectl exits with the command's status (or 1 when it fails itself: its message is in
            // the output); a string code (ENOENT) or none (killed at the timeout) is no answer.
            if (error !== null && typeof code !== "number")
              return reject(failed(["exec", "-n", namespace, pod], stderr || error.message));
            resolve({ exitCode: error === null ? 0 : (code as number), output: stdout + stderr });
          },
        );
      });
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
