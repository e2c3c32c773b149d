import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dashboardEndpoint } from "../../components/naming";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";

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

/** The host keys swiftdeploy's own ssh runs have seen, in the project's git-ignored folder. */
export function knownHostsFile(projectDir: string): string {
  return path.join(projectDir, ".swiftdeploy", "known_hosts");
}

/** Creates the folder of the known-hosts file (ssh does not). */
export function ensureKnownHostsDir(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
}

/**
 * Runs `fn` with the key in a file only this user can read (ssh insists; the key may come from a
 * Pulumi secret), removed afterwards.
 */
export async function withPrivateKeyFile<T>(
  privateKey: string,
  fn: (file: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "swiftdeploy-ssh-"));
  try {
    chmodSync(dir, 0o700);
    const file = path.join(dir, "key");
    writeFileSync(file, privateKey.endsWith("\n") ? privateKey : `${privateKey}\n`, {
      mode: 0o600,
    });
    return await fn(file);
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
