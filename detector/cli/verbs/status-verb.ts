import type { Output } from "../../io/output";
import { readSelfTest, SELFTEST_FILE } from "../../state/selftest-file";
import { askDaemon } from "./control-verb";
import { readOfflineState } from "./offline-state";
import { printResult, verbContext } from "./verb-context";

/** `status [--config FILE]`: the running daemon's status (as the dashboard's /api/status), or the saved state. */
export async function statusVerb(args: string[], out: Output): Promise<number> {
  const ctx = verbContext("status", args, out);
  const live = await askDaemon(ctx.socket, "GET", "/status");
  if (live !== undefined) {
    printResult({ daemon: "running", ...(live as object) });
    return 0;
  }
  const state = readOfflineState(ctx.settings, ctx.store);
  printResult({
    daemon: "not running",
    activeBans: state.ledger.active,
    breaker: state.breaker ?? null,
    selftest: readSelfTest(ctx.store.file(SELFTEST_FILE)) ?? null,
    problems: state.problems,
  });
  return 1;
}
