import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import { parsePodLogPattern } from "../../core/pod-log-pattern";
import type { FileAccess, FollowPosition } from "./file-access";
import type { LineSink, LongLineSink } from "./line-splitter";
import type { LineSource } from "./line-source";
import { LogFollower, type FollowOptions } from "./log-follower";
import { PodLogSource } from "./pod-log-source";

/** The line source the settings name: the file at `logPath`, or the pod logs its pattern matches. */
export function openLineSource(
  settings: Pick<DetectorSettings, "logPath" | "logSource">,
  fs: FileAccess,
  options: FollowOptions,
  onLine: LineSink,
  onLongLine: LongLineSink,
  clock: Clock,
  saved?: FollowPosition,
): LineSource {
  if (settings.logSource === "file")
    return new LogFollower(fs, settings.logPath, options, onLine, onLongLine, clock, saved);
  const pattern = parsePodLogPattern(settings.logPath);
  // The settings schema refuses such a logPath; this guards callers that build settings by hand.
  if (pattern === undefined)
    throw new Error(`logPath ${settings.logPath} is not a pod-log pattern`);
  return new PodLogSource(fs, pattern, options, onLine, onLongLine, clock, saved);
}
