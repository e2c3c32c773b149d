// The day-to-day operations end to end, on the real stack: the built `swiftdeploy` CLI drives the
// real Pulumi engine (Automation API) against a temp copy of the project, deploying onto a test host
// of this file's own (a systemd + sshd + Docker container). Traffic goes only to that host.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectorAuditLog } from "../../components/naming";
import { asRoot } from "../../components/root-shell";
import { parseManifest } from "../../core/manifest";
import { requireDocker } from "../kit/docker/docker";
import type { PulumiEnv } from "../kit/pulumi/pulumi-env";
import { buildSandbox, pulumiEnv } from "../kit/pulumi/pulumi-env";
import { REPO_ROOT } from "../kit/repo-root";
import type { Load } from "../kit/clients/load";
import { sample, startLoad } from "../kit/clients/load";
import type { ProjectCopy } from "../kit/stack/project-copy";
import { copyProject } from "../kit/stack/project-copy";
import type { CliRun } from "../kit/stack/swiftdeploy-cli";
import { swiftdeploy } from "../kit/stack/swiftdeploy-cli";
import type { TestHost } from "../kit/host/test-host";
import { bootTestHost } from "../kit/host/test-host";

const HOST_NAME = "swiftdeploy-host-ops";
const HOST_IP = "172.31.250.31";
const PUBLIC_URL = `http://${HOST_IP}:8080/`;
const WINDOW = 10;

/** The manifest under test: stable 1.0.0 alone, and a 10 s promotion window needing 20 requests. */
function testManifest(text: string): string {
  return text
    .replace('  canary:\n    version: "1.1.0"\n    weight: 10\n', "")
    .replace("    minRequests: 100\n", "    minRequests: 20\n")
    .replace("    windowSeconds: 60\n    relative:", `    windowSeconds: ${WINDOW}\n    relative:`);
}

describe("swiftdeploy operations on a real stack", () => {
  let host: TestHost;
  let project: ProjectCopy;
  let pulumi: PulumiEnv;
  let env: Record<string, string>;
  let tornDown = false;
  const cli = (...args: string[]): Promise<CliRun> => swiftdeploy(env, project, args);
  const ok = async (...args: string[]): Promise<CliRun> => {
    const run = await cli(...args);
    if (run.code !== 0)
      throw new Error(
        `swiftdeploy ${args.join(" ")} exited ${run.code}:\n${run.stdout}\n${run.stderr}`,
      );
    return run;
  };
  const onHost = async (command: string): Promise<string> => {
    const result = await host.ssh(command);
    if (result.code !== 0) throw new Error(`${command} failed on ${host.name}: ${result.output}`);
    return result.output.trim();
  };
  const apiContainers = async () =>
    (await onHost("docker ps --format '{{.Names}}'"))
      .split("\n")
      .filter((n) => /^api-(stable|canary)-/.test(n))
      .sort();
  /** Runs `fn` while traffic flows to the public URL (the canary needs requests to be judged). */
  const underLoad = async <T>(fn: () => Promise<T>): Promise<T> => {
    const load: Load = startLoad(PUBLIC_URL, { perSecond: 25, maxSeconds: 300 });
    try {
      return await fn();
    } finally {
      await load.stop();
    }
  };

  beforeAll(async () => {
    await requireDocker();
    buildSandbox();
    host = await bootTestHost(HOST_NAME, HOST_IP);
    pulumi = pulumiEnv("operations");
    // The dev stack's config carries the dev salt: its public passphrase opens it (a throwaway host).
    env = { ...pulumi.env, PULUMI_CONFIG_PASSPHRASE: pulumi.env.SWIFTDEPLOY_DEV_PASSPHRASE ?? "" };
    project = copyProject(
      "operations",
      {
        "swiftdeploy:overrides|host.address": HOST_IP,
        "swiftdeploy:sshPrivateKeyFile": host.keyFile,
      },
      testManifest,
    );
  });

  afterAll(async () => {
    if (!tornDown && project !== undefined) await cli("teardown", "--clean");
    await host?.destroy();
    project?.dispose();
    pulumi?.cleanup();
  });

  it("deploy brings the stack up, waits until it answers and prints the URLs", async () => {
    const run = await ok("deploy");
    expect(run.stdout).toContain(`public     ${PUBLIC_URL}`);
    expect(run.stderr).toContain("pulumi up of stack dev (deploy)");
    expect(await apiContainers()).toEqual(["api-stable-1.0.0"]);
    expect((await sample(PUBLIC_URL, 20)).versions).toEqual({ "1.0.0": 20 });
  });

  it("canary start runs the canary beside stable with its share of the traffic", async () => {
    const run = await ok("canary", "start", "1.1.0", "--weight", "50");
    expect(run.stdout).toContain("running stable 1.0.0 + canary 1.1.0 at 50 %");
    expect(project.manifest()).toContain('  canary:\n    version: "1.1.0"\n    weight: 50\n');
    expect(await apiContainers()).toEqual(["api-canary-1.1.0", "api-stable-1.0.0"]);
    const seen = await sample(PUBLIC_URL, 100);
    expect(seen.versions["1.1.0"]).toBeGreaterThanOrEqual(40);
    expect(seen.versions["1.0.0"]).toBeGreaterThanOrEqual(40);
  });

  it("with 80 % errors injected, promote is refused with the error rate and nothing changes", async () => {
    expect((await ok("chaos", "error", "0.8")).stdout).toContain(
      "api-canary-1.1.0: chaos error for 80 % of requests",
    );
    const manifest = project.manifest();
    const run = await underLoad(() => cli("promote"));
    // 80 % drawn per request over ~130 requests: 60–99 % as on the Kubernetes twin (a CI run
    // measured 67.97 %, outside the 70–89 % this once demanded).
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(
      /^measuring 5 of 10 s: canary \d+ requests \(\d+\.\d\/s\), \d+ errors \(\d+\.\d\d %\), p99 \S+ ms$/m,
    );
    expect(run.stderr).toContain("error [SD_POLICY_DENIED]: OPA refused to promote canary 1.1.0:");
    expect(run.stderr).toMatch(
      /Error rate (6\d|7\d|8\d|9\d)\.\d\d% exceeds maximum 1\.00% \(\d+ of \d+ requests failed\)/,
    );
    // The same window as Nginx's users saw it, read from the access log on the host.
    expect(run.stderr).toMatch(
      /Error rate at Nginx (6\d|7\d|8\d|9\d)\.\d\d% exceeds maximum 1\.00% \(\d+ of \d+ requests got a 5xx\)/,
    );
    expect(run.stderr).toMatch(
      /canary at Nginx: \d+ requests .*, \d+ errors \((6\d|7\d|8\d|9\d)\.\d\d %\)/,
    );
    expect(run.stderr).toContain(
      "nothing was changed: the stack still runs stable 1.0.0 + canary 1.1.0 at 50 %",
    );
    expect(project.manifest()).toBe(manifest);
    expect(await apiContainers()).toEqual(["api-canary-1.1.0", "api-stable-1.0.0"]);
  });

  it("after recover and one window, promote succeeds and all traffic reaches the new version", async () => {
    expect((await ok("chaos", "recover")).stdout).toContain("api-canary-1.1.0: chaos none");
    const run = await underLoad(async () => {
      await new Promise((resolve) => setTimeout(resolve, WINDOW * 1000));
      return cli("promote");
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^promoted: stable 1\.1\.0 \(\d+ requests .*, 0 errors \(0\.00 %\)/m,
    );
    expect(project.manifest()).toContain('  stable:\n    version: "1.1.0"\n\n# Nginx');
    expect(project.manifest()).not.toMatch(/^ {2}canary:/m);
    expect(await apiContainers()).toEqual(["api-stable-1.1.0"]);
    expect((await sample(PUBLIC_URL, 50)).versions).toEqual({ "1.1.0": 50 });
  });

  it("status --once --json reports the promoted release with live numbers", async () => {
    const run = await underLoad(() => ok("status", "--once", "--json", "--sample", "5"));
    const status = JSON.parse(run.stdout) as Record<string, unknown> & {
      versions: {
        track: string;
        version: string;
        weight: number;
        stats: { requests: number; errorRate: number };
      }[];
    };
    expect(status).toMatchObject({
      kind: "status",
      stack: "dev",
      mode: "stable",
      manifest: { stable: "1.1.0", canary: null },
      weights: { stable: 100, canary: 0 },
    });
    expect(status.versions.map((v) => [v.track, v.version, v.weight])).toEqual([
      ["stable", "1.1.0", 100],
    ]);
    expect(status.versions[0]?.stats.requests).toBeGreaterThan(20);
    expect(status.versions[0]?.stats.errorRate).toBe(0);
    expect(status.detector).toEqual({ activeBans: 0, error: null });
    const history = readFileSync(path.join(project.dir, "history.jsonl"), "utf8");
    expect(history).toContain(`"at":"${String(status.at)}"`);
  });

  it("ban, bans --json, explain and unban control the detector's bans, audited with the actor", async () => {
    const actor = "e2e-operator@ci";
    const as = (...args: string[]) =>
      swiftdeploy({ ...env, SWIFTDEPLOY_ACTOR: actor }, project, args);
    const banned = await as("ban", "203.0.113.77", "--duration", "10m", "--reason", "test");
    expect(banned.code, banned.stderr).toBe(0);
    expect(banned.stdout).toMatch(
      /^203\.0\.113\.77 +operator +\S+ \S+ +\S+ \S+ \(\d+m\d\ds left\) +1 +by e2e-operator@ci: test$/m,
    );

    const listed = await as("bans", "--json");
    expect(listed.code, listed.stderr).toBe(0);
    const rows = (JSON.parse(listed.stdout) as { rows: Record<string, unknown>[] }).rows;
    const row = rows.find((r) => r.ip === "203.0.113.77");
    expect(row).toMatchObject({
      rule: "operator",
      step: 1,
      decision: { operator: { actor, reason: "test" }, durationSeconds: 600 },
    });
    expect(row?.enforcedBy).toMatch(/^(ipset|nftables)/);

    const why = await as("explain", "203.0.113.77");
    expect(why.code, why.stderr).toBe(0);
    expect(why.stdout).toContain("203.0.113.77: banned since ");
    expect(why.stdout).toContain("  evidence  by e2e-operator@ci: test");
    expect(why.stdout).toMatch(/ ban +operator by e2e-operator@ci \(test\)$/m);

    const refused = await as("ban", "127.0.0.1", "--duration", "10m");
    expect(refused.code).toBe(15);
    expect(refused.stderr).toContain(
      "error [SD_BAN_REFUSED]: the daemon refused: refusing to ban 127.0.0.1: it is allowlisted",
    );

    const lifted = await as("unban", "203.0.113.77");
    expect(lifted.code, lifted.stderr).toBe(0);
    expect(lifted.stdout.trim()).toBe("lifted 203.0.113.77 (by e2e-operator@ci)");
    const after = JSON.parse((await ok("bans", "--json")).stdout) as { rows: { ip: string }[] };
    expect(after.rows.map((r) => r.ip)).not.toContain("203.0.113.77");

    const auditFile = detectorAuditLog(parseManifest(project.manifest(), "manifest.yaml"));
    const records = (await onHost(asRoot({ user: host.user }, `cat '${auditFile}'`)))
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as { event: string; actor?: string; decision?: Record<string, unknown> },
      )
      .filter((r) => r.decision?.ip === "203.0.113.77" || r.event === "lift");
    expect(records.find((r) => r.event === "ban")?.decision).toMatchObject({
      rule: "operator",
      operator: { actor, reason: "test" },
    });
    expect(records.find((r) => r.event === "unban")?.decision).toMatchObject({
      rule: "operator-lift",
      actor,
    });
    expect(records.find((r) => r.event === "lift")).toMatchObject({
      actor,
      lifted: ["203.0.113.77"],
    });
  });

  it("promote --watch rolls a failing canary back after consecutive failed checks", async () => {
    await ok("canary", "start", "1.2.0", "--weight", "50");
    await ok("chaos", "error", "0.9");
    const run = await underLoad(() =>
      cli(
        "promote",
        "--watch",
        "--window",
        String(WINDOW),
        "--interval",
        "5",
        "--failures",
        "2",
        "--timeout",
        "300",
      ),
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain("failed check 1/2: Error rate");
    expect(run.stderr).toMatch(
      /error \[SD_ROLLED_BACK\]: canary 1\.2\.0 was rolled back after 2 failed checks in a row: Error rate \d+\.\d\d% exceeds maximum 1\.00%/,
    );
    expect(run.stderr).toContain("the stack now runs stable 1.1.0");
    expect(project.manifest()).not.toMatch(/^ {2}canary:/m);
    expect(await apiContainers()).toEqual(["api-stable-1.1.0"]);
    expect((await sample(PUBLIC_URL, 30)).versions).toEqual({ "1.1.0": 30 });
  });

  it("audit writes a report with the refusal, the promotion and the rollback", async () => {
    const run = await ok("audit");
    const [file, ...charts] = run.stdout.trim().split("\n");
    expect(file).toBe(path.join(project.dir, "audit_report.md"));
    expect(charts).toEqual([
      path.join(project.dir, "audit_report-error-rate.svg"),
      path.join(project.dir, "audit_report-p99.svg"),
    ]);
    const report = readFileSync(file as string, "utf8");
    // Kept for a human look (git-ignored): the report of a real run and its charts.
    mkdirSync(path.join(REPO_ROOT, "test-results"), { recursive: true });
    for (const written of [file as string, ...charts]) {
      copyFileSync(
        written,
        path.join(REPO_ROOT, "test-results", `operations-${path.basename(written)}`),
      );
    }
    expect(report).toMatch(
      /\| promotion refused \| Error rate (6\d|7\d|8\d|9\d)\.\d\d% exceeds maximum 1\.00%/,
    );
    expect(report).toContain(
      "| promoted | stable 1.0.0 + canary 1.1.0 at 50 % → stable 1.1.0; OPA allowed:",
    );
    expect(report).toContain(
      "| rolled back | stable 1.1.0 + canary 1.2.0 at 0 % → stable 1.1.0; 2 failed checks in a row:",
    );
    expect(report).toContain("![5xx error rate by version](audit_report-error-rate.svg)");
    expect(readFileSync(charts[0] as string, "utf8")).toContain(
      ">5xx error rate by version</text>",
    );
    expect(report).toMatch(/the Pulumi update history \(\d+ updates\)/);
  });

  it("teardown --clean removes the stack from the host and the backend", async () => {
    const run = await ok("teardown", "--clean");
    tornDown = true;
    expect(run.stdout).toContain("removed stack dev from the backend and its generated files");
    expect(await onHost("docker ps -a --format '{{.Names}}'")).toBe("");
    expect(existsSync(path.join(project.dir, ".swiftdeploy/generated/dev"))).toBe(false);
    // `pulumi stack rm` alone would delete the committed stack config.
    expect(existsSync(path.join(project.dir, "Pulumi.dev.yaml"))).toBe(true);
  });
});
