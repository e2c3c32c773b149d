import type { DetectorSettings } from "../../core/detector-settings";
import { describeFailure, type CommandRunner } from "./command-runner";
import type {
  ApplyResult,
  EnforcedBan,
  EnforcementBatch,
  Enforcer,
  SetFill,
  SetupReport,
} from "./enforcer";
import { ruleTag } from "./iptables-rules";
import { nftBatchScript, nftSetupScript, parseNftSet, type NftLayout } from "./nft-commands";
import { applyNftChanges, planNftChanges } from "./nft-plan";

/**
 * Bans in nftables interval sets with per-element timeouts, in a table of the detector's own whose
 * forward and input base chains drop banned sources ahead of Docker's filter rules.
 */
export class NftEnforcer implements Enforcer {
  readonly backend = "nftables" as const;
  private readonly layout: NftLayout;
  /** What the sets hold, as far as this process knows (elements also expire on their own). */
  private contents = new Map<string, Set<string>>();

  constructor(
    settings: DetectorSettings["enforcement"],
    private readonly runner: CommandRunner,
  ) {
    this.layout = {
      table: settings.setName,
      maxElements: settings.maxElements,
      ipv6: settings.ipv6,
      forward: settings.chains.dockerUser,
      input: settings.chains.input,
      inputPorts: settings.inputPorts,
      inputExemptPorts: settings.inputExemptPorts,
      tag: ruleTag(settings.setName),
    };
  }

  private families(): (4 | 6)[] {
    return this.layout.ipv6 ? [4, 6] : [4];
  }

  private async script(text: string): Promise<void> {
    const argv = ["nft", "-f", "-"];
    const r = await this.runner.run(argv, { stdin: text });
    if (r.code !== 0) throw new Error(describeFailure(argv, r));
  }

  private async tableExists(): Promise<boolean> {
    return (await this.runner.run(["nft", "list", "table", "inet", this.layout.table])).code === 0;
  }

  async setup(): Promise<SetupReport> {
    await this.script(nftSetupScript(this.layout));
    await this.refresh();
    const t = `nft inet ${this.layout.table}`;
    return {
      sets: this.families().map((f) => `${t} v${f}`),
      rules: [
        ...(this.layout.forward ? [`${t} forward`] : []),
        ...(this.layout.input ? [`${t} input`] : []),
      ],
      warnings: [],
    };
  }

  async apply(batch: EnforcementBatch): Promise<ApplyResult> {
    if (batch.add.length + batch.remove.length === 0) return { added: 0, removed: 0, failed: [] };
    let changes = planNftChanges(batch, this.contents);
    try {
      await this.script(nftBatchScript(this.layout.table, changes));
    } catch {
      // An element expired (or was removed) behind our back: read the sets and try once more.
      await this.refresh();
      changes = planNftChanges(batch, this.contents);
      try {
        await this.script(nftBatchScript(this.layout.table, changes));
      } catch (error) {
        const message = (error as Error).message;
        return {
          added: 0,
          removed: 0,
          failed: batch.add.map((a) => ({ key: a.key, error: message })),
        };
      }
    }
    applyNftChanges(this.contents, changes);
    return { added: batch.add.length, removed: batch.remove.length, failed: [] };
  }

  /** Reads every set of the table into the mirror. */
  private async refresh(): Promise<void> {
    const contents = new Map<string, Set<string>>();
    for (const f of this.families())
      for (const name of [`v${f}`, `v${f}x`]) {
        const r = await this.runner.run([
          "nft",
          "-j",
          "list",
          "set",
          "inet",
          this.layout.table,
          name,
        ]);
        if (r.code === 0)
          contents.set(name, new Set(parseNftSet(r.stdout, f).bans.map((b) => b.key)));
      }
    this.contents = contents;
  }

  private async readSet(family: 4 | 6): Promise<{ bans: EnforcedBan[]; size: number }> {
    const argv = ["nft", "-j", "list", "set", "inet", this.layout.table, `v${family}`];
    const r = await this.runner.run(argv);
    if (r.code !== 0) throw new Error(describeFailure(argv, r));
    return parseNftSet(r.stdout, family);
  }

  async list(): Promise<EnforcedBan[]> {
    const out: EnforcedBan[] = [];
    for (const f of this.families()) out.push(...(await this.readSet(f)).bans);
    return out;
  }

  async fill(): Promise<SetFill[]> {
    const out: SetFill[] = [];
    for (const f of this.families()) {
      const s = await this.readSet(f);
      out.push({ name: `${this.layout.table}/v${f}`, entries: s.bans.length, capacity: s.size });
    }
    return out;
  }

  async verify(): Promise<string[]> {
    if (!(await this.tableExists())) return [`nft table inet ${this.layout.table} is missing`];
    const problems: string[] = [];
    for (const chain of ["forward", "input"] as const) {
      if (!this.layout[chain]) continue;
      const r = await this.runner.run(["nft", "list", "chain", "inet", this.layout.table, chain]);
      if (r.code !== 0 || !r.stdout.includes("@v4 "))
        problems.push(`nft chain inet ${this.layout.table} ${chain} is missing its drop rule`);
    }
    return problems;
  }

  async teardown(): Promise<SetupReport> {
    this.contents = new Map();
    if (!(await this.tableExists())) return { sets: [], rules: [], warnings: [] };
    await this.script(`delete table inet ${this.layout.table}\n`);
    return { sets: [`nft inet ${this.layout.table}`], rules: [], warnings: [] };
  }
}
