import type { Clock } from "../../core/clock";
import type { DetectorSettings } from "../../core/detector-settings";
import type { CommandRunner } from "../enforce/command-runner";
import type { Output } from "../io/output";
import type { FileAccess } from "../source/file-access";
import type { KubeApiTarget } from "../shared-bans/kube-api";

/** What the daemon needs from the process (real in `run`, fakes in tests). */
export interface DaemonDeps {
  readonly out: Output;
  readonly clock: Clock;
  readonly fs: FileAccess;
  /** The host's own addresses (never banned), read at start and again on every reload. */
  readonly hostAddresses: () => readonly string[];
  /** Reads the settings file again (a reload); throws when it is invalid. */
  readonly readSettings: () => DetectorSettings;
  readonly env: NodeJS.ProcessEnv;
  readonly runner: CommandRunner;
  /** Whether this process may run the self-test (root with CAP_SYS_ADMIN). */
  readonly canSelfTest: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** The Kubernetes API holding the shared ban list, when `sharedBans.kind` asks for one. */
  readonly sharedBans?: SharedBanAccess;
}

/** How this node reaches the shared ban list, and its name there. */
export interface SharedBanAccess {
  readonly target: KubeApiTarget;
  /** The namespace when the settings name none (the service account's). */
  readonly namespace: string;
  /** This node's name, recorded with each ban it decides. */
  readonly node: string;
}
