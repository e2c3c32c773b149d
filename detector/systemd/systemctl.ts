import { describeFailure, type CommandRunner } from "../enforce/command-runner";
import { UNIT_NAME } from "../../core/detector-unit";

/** The systemctl calls install and uninstall make, each logged by the runner. */
export class Systemctl {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  private async must(...args: string[]): Promise<void> {
    const argv = ["systemctl", ...args];
    const r = await this.runner.run(argv);
    if (r.code !== 0) throw new Error(describeFailure(argv, r));
  }

  daemonReload(): Promise<void> {
    return this.must("daemon-reload");
  }

  /** Enables the unit and (re)starts it so new code and a new unit take effect. */
  async enableAndRestart(): Promise<void> {
    await this.must("enable", UNIT_NAME);
    await this.must("restart", UNIT_NAME);
  }

  /** "active", "activating", "failed", "inactive", … */
  async state(): Promise<string> {
    const r = await this.runner.run(["systemctl", "is-active", UNIT_NAME]);
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
      UNIT_NAME,
      "-n",
      String(lines),
      "--no-pager",
      "-o",
      "cat",
    ]);
    return r.stdout.trim();
  }

  /** Stops and disables the unit; absent or already stopped is fine. */
  async stopAndDisable(): Promise<void> {
    await this.runner.run(["systemctl", "stop", UNIT_NAME]);
    await this.runner.run(["systemctl", "disable", UNIT_NAME]);
    await this.runner.run(["systemctl", "reset-failed", UNIT_NAME]);
  }

  /** The unit's effective capability sets as systemd reports them. */
  async show(property: string): Promise<string> {
    const r = await this.runner.run(["systemctl", "show", UNIT_NAME, "-p", property, "--value"]);
    return r.stdout.trim();
  }
}
