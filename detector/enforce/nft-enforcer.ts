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

/**
 * Bans in nftables interval sets with per-element timeouts, in a table of the detector's own whose
 * forward and input base chains drop banned sources ahead of Docker's filter rules.
 */
export class NftEnforcer implements Enforcer {
  readonly backend = "nftables" as const;
  private readonly layout: NftLayout;

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
    const text = nftBatchScript(this.layout.table, batch.add, batch.remove);
    if (text === "") return { added: 0, removed: 0, failed: [] };
    try {
      await this.script(text);
      return { added: batch.add.length, removed: batch.remove.length, failed: [] };
    } catch (error) {
      // One transaction: nothing was applied. Retry one entry at a time to isolate the refused ones.
      if (batch.add.length + batch.remove.length === 1)
        return {
          added: 0,
          removed: 0,
          failed: [...batch.add, ...batch.remove].map((e) => ({
            key: e.key,
            error: (error as Error).message,
          })),
        };
      let added = 0;
      let removed = 0;
      const failed: { key: string; error: string }[] = [];
      for (const a of batch.add) {
        const r = await this.apply({ add: [a], remove: [] });
        added += r.added;
        failed.push(...r.failed);
      }
      for (const x of batch.remove) {
        const r = await this.apply({ add: [], remove: [x] });
        removed += r.removed;
        failed.push(...r.failed);
      }
      return { added, removed, failed };
    }
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
    if (!(await this.tableExists())) return { sets: [], rules: [], warnings: [] };
    await this.script(`delete table inet ${this.layout.table}\n`);
    return { sets: [`nft inet ${this.layout.table}`], rules: [], warnings: [] };
  }
}
