import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import type { Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { docker, requireDocker } from "../../kit/docker/docker";
import type { SshdFixture } from "../../kit/docker/sshd-container";
import { startSshd } from "../../kit/docker/sshd-container";

const ROOT = path.resolve(__dirname, "../../..");
const CLI = path.join(ROOT, "dist/cli/swiftdeploy.js");
const MANIFEST = path.join(ROOT, "test/fixtures/cli/manifest-canary.yaml");

/** A tiny HTTP server on the container's loopback only: the stand-in for the detector's dashboard. */
const DASHBOARD_PL = `use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0], Listen => 8, ReuseAddr => 1) or die "$!";
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/ }
  my $b = "dashboard on the host\\n";
  print $c "HTTP/1.1 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: " . length($b) . "\\r\\nConnection: close\\r\\n\\r\\n$b";
  close $c;
}`;

/** A port free on this machine now (the container's loopback has the same number free: it is fresh). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** The CLI as an operator runs it, with its stdout lines and stderr collected. */
interface CliRun {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** The first stdout line (the URL), or rejects with the stderr after `ms`. */
  readonly firstLine: (ms?: number) => Promise<string>;
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
const scratch = mkdtempSync(path.join(tmpdir(), "sd-dashboard-keys-"));

/** A fresh ed25519 key pair (not the stack's); returns the private key's file (`.pub` beside it). */
function keygen(): string {
  const file = path.join(scratch, `k${Math.random().toString(16).slice(2)}`);
  const made = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);
  if (made.status !== 0) throw new Error(`ssh-keygen failed: ${String(made.stderr)}`);
  return file;
}

function runDashboard(projectDir: string, ...argv: string[]): CliRun {
  const child = spawn(process.execPath, [CLI, "dashboard", "--project-dir", projectDir, ...argv], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const firstLine = async (ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line !== undefined) return line;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no URL on stdout; exit ${child.exitCode}; stderr:\n${stderr}`);
  };
  return { child, stderr: () => stderr, firstLine, exited };
}

describe("swiftdeploy dashboard: a real ssh -N -L to an sshd container", () => {
  let sshd: SshdFixture;
  let dashboardPort: number;
  let dir: string;

  /** A project whose host is the container, with the dashboard on its loopback at dashboardPort. */
  function project(key: string, extraConfig = ""): string {
    const projectDir = mkdtempSync(path.join(tmpdir(), "sd-dashboard-it-"));
    const manifest = readFileSync(MANIFEST, "utf8")
      .replace("  address: 127.0.0.1\n", `  address: ${sshd.host}\n`)
      .replace(
        "detector:\n  windowSeconds: 60\n",
        `detector:\n  windowSeconds: 60\n  dashboard:\n    port: ${dashboardPort}\n`,
      );
    writeFileSync(path.join(projectDir, "manifest.yaml"), manifest);
    writeFileSync(path.join(projectDir, "id_test"), key, { mode: 0o644 });
    writeFileSync(
      path.join(projectDir, "Pulumi.dev.yaml"),
      `config:\n  swiftdeploy:manifest: manifest.yaml\n  swiftdeploy:sshPrivateKeyFile: id_test\n${extraConfig}`,
    );
    return projectDir;
  }

  beforeAll(async () => {
    await requireDocker();
    const build = spawnSync(process.execPath, ["scripts/build.mjs", "cli"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (build.status !== 0) throw new Error(`node scripts/build.mjs cli failed:\n${build.stderr}`);
    sshd = await startSshd("dashboard");
    dashboardPort = await freePort();
    const started = await docker([
      "exec",
      "-d",
      sshd.container,
      "perl",
      "-e",
      DASHBOARD_PL,
      String(dashboardPort),
    ]);
    if (started.code !== 0) throw new Error(`perl dashboard did not start: ${started.stderr}`);
    dir = project(sshd.privateKey);
  }, 180_000);

  afterEach(() => {
    for (const child of running) child.kill("SIGKILL");
  });

  afterAll(async () => {
    await sshd?.remove();
    rmSync(scratch, { recursive: true, force: true });
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("prints a URL that reaches the host's loopback dashboard, records the host key, and Ctrl-C closes it (exit 0)", async () => {
    const cli = runDashboard(dir);
    const url = await cli.firstLine();
    expect(url).toBe(`http://127.0.0.1:${dashboardPort}/`);
    const response = await fetch(url);
    expect(await response.text()).toBe("dashboard on the host\n");
    expect(cli.stderr()).toContain(
      `forwarding 127.0.0.1:${dashboardPort} to 127.0.0.1:${dashboardPort} on root@${sshd.host}`,
    );
    expect(cli.stderr()).not.toContain("warning");
    expect(readFileSync(path.join(dir, ".swiftdeploy/known_hosts"), "utf8")).toContain(
      sshd.hostKey,
    );

    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toMatch(/forward closed\n$/);
    expect(await refused(dashboardPort)).toBe(true);
  });

  it("with the host key pinned, trusts that key only and records nothing", async () => {
    const pinned = project(sshd.privateKey, `  swiftdeploy:sshHostKey: ${sshd.hostKey}\n`);
    try {
      const cli = runDashboard(pinned);
      const url = await cli.firstLine();
      expect(await (await fetch(url)).text()).toBe("dashboard on the host\n");
      expect(cli.stderr()).toContain("GlobalKnownHostsFile=/dev/null");
      cli.child.kill("SIGINT");
      expect(await cli.exited).toBe(0);
      expect(existsSync(path.join(pinned, ".swiftdeploy/known_hosts"))).toBe(false);
    } finally {
      rmSync(pinned, { recursive: true, force: true });
    }
  });

  it("refuses a host presenting another key than the pinned one (exit 10)", async () => {
    const otherKey = readFileSync(`${keygen()}.pub`, "utf8").split(" ").slice(0, 2).join(" ");
    const pinned = project(sshd.privateKey, `  swiftdeploy:sshHostKey: ${otherKey}\n`);
    try {
      const cli = runDashboard(pinned);
      expect(await cli.exited).toBe(10);
      expect(cli.stderr()).toContain(
        `error [SD_HOST_KEY_MISMATCH]: the SSH host key of root@${sshd.host}:22 is not the one pinned in swiftdeploy:sshHostKey; nothing was forwarded`,
      );
      expect(cli.stderr()).toContain("Host key verification failed.");
    } finally {
      rmSync(pinned, { recursive: true, force: true });
    }
  });

  it("takes the next port when the dashboard's port is busy here", async () => {
    const held = await holdPort(dashboardPort);
    try {
      const cli = runDashboard(dir);
      const url = await cli.firstLine();
      const port = Number(new URL(url).port);
      expect(port).toBeGreaterThan(dashboardPort);
      expect(port).toBeLessThan(dashboardPort + 10);
      expect(await (await fetch(url)).text()).toBe("dashboard on the host\n");
      cli.child.kill("SIGTERM");
      expect(await cli.exited).toBe(0);
    } finally {
      held.close();
    }
  });

  it("says so when the port asked for is busy (exit 10)", async () => {
    const held = await holdPort(dashboardPort);
    try {
      const cli = runDashboard(dir, "--port", String(dashboardPort));
      expect(await cli.exited).toBe(10);
      expect(cli.stderr()).toContain(`local port ${dashboardPort} is in use`);
    } finally {
      held.close();
    }
  });

  it("says the host refused the key when it is not the stack's (exit 10)", async () => {
    const other = project(readFileSync(keygen(), "utf8"));
    try {
      const cli = runDashboard(other);
      expect(await cli.exited).toBe(10);
      expect(cli.stderr()).toContain(
        `error [SD_REMOTE_FAILED]: root@${sshd.host}:22 refused the stack's key`,
      );
      expect(cli.stderr()).toContain("Permission denied (publickey)");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
