import { describeFailure, type CommandRunner } from "../enforce/command-runner";

/** The systemctl calls install and uninstall make on one unit, each logged by the runner. */
export class Systemctl {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sleep: (ms: number) => Promise<void>,
    /** `swiftdeploy-detector@<service>.service` (or the legacy single unit, to migrate it). */
    readonly unit: string,
  ) {}

  private async must(...args: string[]): Promise<void> {
    const argv = ["systemctl", ...args];
    const r = await this.runner.run(argv);
    if (r.code !== 0) throw new Error(describeFailure(argv, r));
  }

  /** Makes systemd read changed unit files (whatever unit this instance drives). */
  daemonReload(): Promise<void> {
    return this.must("daemon-reload");
  }

  /**
   * Enables the unit and (re)starts it so new code and a new unit take effect. With Type=notify the
   * restart returns once the daemon said it is ready (or failed, or TimeoutStartSec passed).
   */
  async enableAndRestart(): Promise<void> {
    await this.must("enable", this.unit);
    await this.must("restart", this.unit);
  }

  /** "active", "activating", "failed", "inactive", … */
  async state(): Promise<string> {
    const r = await this.runner.run(["systemctl", "is-active", this.unit]);
    return r.stdout.trim() || "unknown";
  }

  /** Waits while the unit is starting (the self-test runs first); returns the settled state. */
  async waitSettled(limitMs: number): Promise<string> {
    let state = await this.state();
    for (
      let waited = 0;
      (state === "activating" || state === "reloading") && waited < limitMs;
      waited += 500
    ) {
      await this.sleep(500);
      state = await this.state();
    }
    return state;
  }

  /** The unit's last log lines, for an error message. */
  async journal(lines = 20): Promise<string> {
    const r = await this.runner.run([
      "journalctl",
      "-u",
      this.unit,
      "-n",
      String(lines),
      "--no-pager",
      "-o",
      "cat",
    ]);
    return r.stdout.trim();
  }

  /** Whether the unit is enabled (`systemctl is-enabled` exits 0). */
  async enabled(): Promise<boolean> {
    return (await this.runner.run(["systemctl", "is-enabled", "--quiet", this.unit])).code === 0;
  }

  /** Stops and disables the unit; absent or already stopped is fine. */
  async stopAndDisable(): Promise<void> {
    await this.runner.run(["systemctl", "stop", this.unit]);
    await this.runner.run(["systemctl", "disable", this.unit]);
    await this.runner.run(["systemctl", "reset-failed", this.unit]);
  }

  /** The unit's effective capability sets as systemd reports them. */
  async show(property: string): Promise<string> {
    const r = await this.runner.run(["systemctl", "show", this.unit, "-p", property, "--value"]);
    return r.stdout.trim();
  }
}
