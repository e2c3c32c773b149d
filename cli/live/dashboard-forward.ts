import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dashboardEndpoint } from "../../components/naming";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import { StackConfigSchema } from "../../core/stack-config";
import type { SshTarget } from "../../components/ssh-session";
import type { HostKeyCheck } from "./ssh-forward-args";
import { knownHostsLine } from "./ssh-forward-args";

/**
 * Where the detector's dashboard listens as the host sees it: its bind address (a wildcard is
 * reached on the host's loopback) and port. Refused when the manifest turns it off or lets it pick
 * a port at start (which nothing outside the host can know).
 */
export function dashboardRemote(manifest: Pick<Manifest, "detector">): {
  readonly host: string;
  readonly port: number;
} {
  if (!manifest.detector.dashboard.enabled) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      "the detector's dashboard is off (detector.dashboard.enabled: false in the manifest)",
      ["turn it on and deploy: set detector.dashboard.enabled: true, then swiftdeploy deploy"],
    );
  }
  const { bindAddress, port } = dashboardEndpoint(manifest);
  if (port === 0) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      "detector.dashboard.port is 0 (a free port picked when the detector starts), so the CLI cannot know where to forward",
      ["set a fixed port, e.g. detector.dashboard.port: 9180, then swiftdeploy deploy"],
    );
  }
  const host = bindAddress === "0.0.0.0" ? "127.0.0.1" : bindAddress === "::" ? "::1" : bindAddress;
  return { host, port };
}

/** Where `accept-new` records the host keys ssh meets: the project's git-ignored folder. */
export function knownHostsFile(projectDir: string): string {
  return path.join(projectDir, ".swiftdeploy", "known_hosts");
}

/** The files ssh is given: the key (0600), and the host keys it may trust. */
export interface SshFiles {
  readonly keyFile: string;
  readonly hostKeyCheck: HostKeyCheck;
}

/**
 * Runs `fn` with the stack's key in a file only this user can read (ssh insists; the key may come
 * from a Pulumi secret) and the host key check `swiftdeploy:sshStrictHostKeyChecking` asks for:
 * the pinned keys (`target.hostKeys`) in a known_hosts file of their own, else `accept-new` in
 * the project's `.swiftdeploy/known_hosts`, else none. The temp files are removed afterwards.
 */
export async function withSshFiles<T>(
  target: SshTarget,
  strictSetting: unknown,
  projectDir: string,
  fn: (files: SshFiles) => Promise<T>,
): Promise<T> {
  const strict = StackConfigSchema.shape.sshStrictHostKeyChecking.safeParse(strictSetting);
  const dir = mkdtempSync(path.join(tmpdir(), "swiftdeploy-ssh-"));
  try {
    chmodSync(dir, 0o700);
    const keyFile = path.join(dir, "key");
    const key = target.privateKey;
    writeFileSync(keyFile, key.endsWith("\n") ? key : `${key}\n`, { mode: 0o600 });
    let hostKeyCheck: HostKeyCheck;
    if (target.hostKeys !== undefined) {
      const pinned = path.join(dir, "known_hosts");
      const lines = target.hostKeys.map((k) => knownHostsLine(target.host, target.port, k));
      writeFileSync(pinned, `${lines.join("\n")}\n`, { mode: 0o600 });
      hostKeyCheck = { mode: "pinned", knownHostsFile: pinned };
    } else if (strict.success && strict.data === "no") {
      hostKeyCheck = { mode: "off" };
    } else {
      const recorded = knownHostsFile(projectDir);
      mkdirSync(path.dirname(recorded), { recursive: true });
      hostKeyCheck = { mode: "accept-new", knownHostsFile: recorded };
    }
    return await fn({ keyFile, hostKeyCheck });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Null when the dashboard answers through the forward (`GET /healthz`), else why not. */
export async function dashboardProblem(url: string, timeoutMs = 5000): Promise<string | null> {
  try {
    const response = await fetch(new URL("healthz", url), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message;
    return cause ?? (error as Error).message;
  }
}
