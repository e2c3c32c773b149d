import type { FollowPosition } from "./file-access";

/** Something a source noticed, for the daemon's log ("found"/"ended": a pod's log, see PodLogSource). */
export interface FollowEvent {
  readonly kind: "opened" | "rotated" | "truncated" | "missing" | "closed-old" | "found" | "ended";
  readonly path: string;
  readonly offset: number;
  readonly detail: string;
}

/** Where the daemon's lines come from: one followed file, or every proxy pod's log on a node. */
export interface LineSource {
  /** Reads everything new; returns bytes read (a full budget means: poll again soon). */
  poll(): number;
  /** What the source noticed since the last call, for the daemon's log. */
  takeEvents(): FollowEvent[];
  /** Where to resume after a restart. */
  position(): FollowPosition | undefined;
  /** Closes every open file. */
  close(): void;
}
