import { spawnSync } from "node:child_process";

/** `promtool check metrics` on a page (stdin): its exit code and what it said. */
export function promtoolCheck(page: string): { status: number | null; said: string } {
  const result = spawnSync("promtool", ["check", "metrics"], { input: page, encoding: "utf8" });
  if (result.error !== undefined) {
    throw new Error(
      `promtool could not run (${result.error.message}): install Debian's prometheus package (npm run setup does, scripts/setup/packages.sh)`,
    );
  }
  return { status: result.status, said: `${result.stdout}${result.stderr}`.trim() };
}
