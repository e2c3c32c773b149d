import type { Clock } from "../../../core/clock";
import type { Output } from "../output";
import type { CommandRunner } from "../../enforce/command-runner";
import type { FileAccess } from "../../source/file-access";

/** What the service needs from the process (real in `run`, fakes in tests). */
export interface ServiceDeps {
  readonly out: Output;
  readonly clock: Clock;
  readonly fs: FileAccess;
  readonly hostAddresses: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly runner: CommandRunner;
  /** Whether this process may run the self-test (root with CAP_SYS_ADMIN). */
  readonly canSelfTest: boolean;
  readonly sleep: (ms: number) => Promise<void>;
}
