import { hostPaths } from "../../components/naming";
import { asRoot } from "../../components/root-shell";
import { ErrorCode, SwiftDeployError } from "../../core/errors";
import type { Manifest } from "../../core/manifest";
import type { Framed } from "./framed-exec";

/** swiftdeploy-detector's exit code for a manual ban the daemon refused (detector/cli/usage.ts). */
const DETECTOR_REFUSED = 4;

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The host command that runs one of the detector's operator verbs (`bans`, `ban`, `unban`,
 * `explain`) on the stack's instance: the bundled CLI on the host's Node.js runtime, against the
 * instance's config, as root (the control socket and the state are root's).
 */
export function detectorVerbCommand(
  manifest: Pick<Manifest, "service" | "host">,
  args: readonly string[],
): string {
  const p = hostPaths(manifest.service.name);
  const words = [p.nodeBinary, p.detectorBundle, ...args, "--config", p.detectorConfig];
  return asRoot({ user: manifest.host.user }, words.map(quote).join(" "));
}

/** The detector's complaint: its `swiftdeploy-detector: …` line, else the whole output. */
function complaint(output: string): string {
  const line = output
    .split("\n")
    .find((l) => l.startsWith("swiftdeploy-detector: "))
    ?.slice("swiftdeploy-detector: ".length);
  return (line ?? output).trim();
}

/**
 * The verb's answer (its last JSON line on stdout), or the error it stands for: a refused manual
 * ban is BanRefused (exit 15); anything else is RemoteFailed with the detector's own words.
 */
export function detectorVerbAnswer(result: Framed, where: string): unknown {
  if (result.exitCode === DETECTOR_REFUSED)
    throw new SwiftDeployError(ErrorCode.BanRefused, complaint(result.output));
  if (result.exitCode !== 0) {
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `swiftdeploy-detector on ${where} failed (exit ${result.exitCode}): ${complaint(result.output)}`,
      ["is the stack deployed with its detector? swiftdeploy status shows it"],
    );
  }
  const last = result.output
    .trim()
    .split("\n")
    .reverse()
    // stderr comes along (framed): its structured log lines start with {"level":
    .find((l) => l.startsWith("{") && !l.startsWith('{"level":'));
  if (last === undefined)
    throw new SwiftDeployError(
      ErrorCode.RemoteFailed,
      `swiftdeploy-detector on ${where} printed no answer: ${result.output.trim().slice(0, 300)}`,
    );
  return JSON.parse(last) as unknown;
}
