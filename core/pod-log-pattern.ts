/**
 * The kubelet keeps a container's log at `<dir>/<namespace>_<pod>_<uid>/<container>/<restarts>.log`.
 * A pod-log pattern names the logs of one workload's pods: `<dir>/<namespace>_<pod prefix>*\/<container>/*.log`.
 */
export interface PodLogPattern {
  /** The kubelet's pod-log folder (`/var/log/pods`). */
  readonly dir: string;
  /** What each wanted pod's folder name starts with: `<namespace>_<pod name prefix>`. */
  readonly podFolderPrefix: string;
  readonly container: string;
}

const PATTERN = /^(\/(?:[^/*]+\/)*[^/*]+)\/([^/*]+)\*\/([^/*]+)\/\*\.log$/;

/** What a pod-log pattern looks like, for error messages. */
export const POD_LOG_PATTERN_FORM = "<dir>/<namespace>_<pod prefix>*/<container>/*.log";

/** The pattern for `podFolderPrefix`'s pods' `container` under `dir`. */
export function formatPodLogPattern(pattern: PodLogPattern): string {
  return `${pattern.dir}/${pattern.podFolderPrefix}*/${pattern.container}/*.log`;
}

/** Reads a pod-log pattern; undefined when `text` is not one. */
export function parsePodLogPattern(text: string): PodLogPattern | undefined {
  const match = PATTERN.exec(text);
  if (match === null) return undefined;
  const [, dir, podFolderPrefix, container] = match as unknown as [string, string, string, string];
  if (!podFolderPrefix.includes("_")) return undefined;
  return { dir, podFolderPrefix, container };
}
