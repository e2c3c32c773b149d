import { spawnSync } from "node:child_process";

/** Runs a command to completion (bounded); never throws. */
export function sh(
  argv: string[],
  timeoutMs = 30_000,
  input?: string,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), {
    encoding: "utf8",
    timeout: timeoutMs,
    input,
    env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env.PATH ?? ""}` },
  });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Runs a command and fails the test with its output when it does not exit 0. */
export function must(argv: string[], timeoutMs = 30_000): string {
  const r = sh(argv, timeoutMs);
  if (r.code !== 0)
    throw new Error(`\`${argv.join(" ")}\` failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Fails with a clear message when a tool this test needs is missing. */
export function requireTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(
    ([tool]) => sh(["sh", "-c", `command -v ${tool}`]).code !== 0,
  );
  if (missing.length > 0)
    throw new Error(
      `missing: ${missing.map(([t, pkg]) => `${t} (${pkg})`).join(", ")} — run \`npm run setup\` or apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(" ")}`,
    );
  if (process.getuid?.() !== 0)
    throw new Error("this test needs root (network namespaces, ipset, iptables)");
}
