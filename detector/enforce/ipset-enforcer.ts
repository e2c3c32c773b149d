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
import {
  createSetArgv,
  failedRestoreLine,
  ipsetNames,
  parseIpsetHeader,
  parseIpsetSave,
  restoreScript,
  type IpsetNames,
  type ScriptLine,
} from "./ipset-commands";
import {
  checkArgv,
  deleteArgv,
  deleteTaggedArgv,
  firstRuleIsTagged,
  inputTargets,
  insertArgv,
  listChainArgv,
  ruleTag,
  type IptablesBinary,
  type RuleTarget,
} from "./iptables-rules";

/** Retries of a restore after a refused line before giving up on the rest. */
const MAX_RESTORE_ROUNDS = 50;
const CHAINS_TO_CLEAN = ["DOCKER-USER", "FORWARD", "INPUT"] as const;

/**
 * Bans in two ipset hash:net sets (IPv4, IPv6) with per-entry timeouts, dropped by tagged iptables
 * rules in DOCKER-USER (the forward path of Docker-published ports; FORWARD when Docker is absent)
 * and INPUT (host listeners). Updates go in one `ipset restore` per batch.
 */
export class IpsetEnforcer implements Enforcer {
  readonly backend = "ipset" as const;
  private readonly names: IpsetNames;
  private readonly tag: string;

  constructor(
    private readonly settings: DetectorSettings["enforcement"],
    private readonly runner: CommandRunner,
  ) {
    this.names = ipsetNames(settings.setName);
    this.tag = ruleTag(settings.setName);
  }

  private families(): (4 | 6)[] {
    return this.settings.ipv6 ? [4, 6] : [4];
  }

  private setOf(family: 4 | 6): string {
    return family === 4 ? this.names.v4 : this.names.v6;
  }

  private async must(argv: string[], stdin?: string): Promise<string> {
    const r = await this.runner.run(argv, stdin === undefined ? undefined : { stdin });
    if (r.code !== 0) throw new Error(describeFailure(argv, r));
    return r.stdout;
  }

  /** The rules this configuration wants, with the forward chain Docker offers (or FORWARD). */
  private async targets(warnings: string[]): Promise<RuleTarget[]> {
    const out: RuleTarget[] = [];
    const { chains, inputPorts, inputExemptPorts } = this.settings;
    for (const family of this.families()) {
      const binary: IptablesBinary = family === 4 ? "iptables" : "ip6tables";
      const set = this.setOf(family);
      if (chains.dockerUser) {
        const docker = await this.runner.run(listChainArgv(binary, "DOCKER-USER"));
        if (docker.code !== 0) {
          const why = docker.stderr.trim().split("\n")[0] || `exit code ${docker.code}`;
          warnings.push(
            `${binary}: DOCKER-USER is not usable (${why}); forwarded traffic is banned in FORWARD`,
          );
        }
        out.push({ binary, chain: docker.code === 0 ? "DOCKER-USER" : "FORWARD", set, ports: [] });
      }
      if (chains.input) out.push(...inputTargets(binary, set, inputPorts, inputExemptPorts));
    }
    return out;
  }

  async setup(): Promise<SetupReport> {
    const warnings: string[] = [];
    const sets: string[] = [];
    for (const family of this.families()) {
      const name = this.setOf(family);
      const r = await this.runner.run(createSetArgv(name, family, this.settings.maxElements));
      if (r.code !== 0) {
        const header = parseIpsetHeader(
          (await this.runner.run(["ipset", "list", "-t", name])).stdout,
        );
        if (header === undefined)
          throw new Error(describeFailure(createSetArgv(name, family, 0), r));
        warnings.push(
          `set ${name} already exists with other parameters (maxelem ${header.maxElements}); kept as it is — run \`swiftdeploy-detector flush\` and restart to recreate it`,
        );
      }
      sets.push(name);
    }
    const rules: string[] = [];
    const targets = await this.targets(warnings);
    await this.removeStaleRules(targets);
    for (const target of targets) {
      const present = await this.runner.run(checkArgv(target, this.tag));
      if (present.code === 0 && !(await this.overtaken(target))) {
        rules.push(`${target.binary} ${target.chain}`);
        continue;
      }
      if (present.code === 0) await this.must(deleteArgv(target, this.tag));
      await this.must(insertArgv(target, this.tag));
      rules.push(`${target.binary} ${target.chain}`);
    }
    return { sets, rules, warnings };
  }

  /**
   * True when the rule sits in FORWARD (no DOCKER-USER: ip6tables on Docker 20.10) below another
   * rule. Docker inserts a new network's ACCEPT rules at the top of FORWARD, so a network made after
   * setup (the stack's edge network replaced by an update) accepts a banned client before the
   * detector's DROP. DOCKER-USER needs no such check: Docker keeps the jump to it first.
   */
  private async overtaken(target: RuleTarget): Promise<boolean> {
    if (target.chain !== "FORWARD") return false;
    const listing = await this.runner.run(listChainArgv(target.binary, target.chain));
    return listing.code === 0 && !firstRuleIsTagged(listing.stdout, this.tag);
  }

  /**
   * Rules of this detector that no wanted target accounts for were written by an older
   * configuration (other ports, no SSH exemption) and would keep dropping what this one lets
   * through: a chain holding any is cleared of this detector's rules, which setup then re-inserts.
   */
  private async removeStaleRules(targets: readonly RuleTarget[]): Promise<void> {
    for (const binary of ["iptables", "ip6tables"] as const) {
      for (const chain of CHAINS_TO_CLEAN) {
        const listing = await this.runner.run(listChainArgv(binary, chain));
        if (listing.code !== 0) continue;
        const tagged = deleteTaggedArgv(binary, listing.stdout, this.tag);
        if (tagged.length === 0) continue;
        let present = 0;
        for (const target of targets.filter((t) => t.binary === binary && t.chain === chain))
          if ((await this.runner.run(checkArgv(target, this.tag))).code === 0) present += 1;
        if (tagged.length > present) for (const argv of tagged) await this.must(argv);
      }
    }
  }

  async apply(batch: EnforcementBatch): Promise<ApplyResult> {
    let lines: ScriptLine[] = restoreScript(this.names, batch.add, batch.remove);
    const failed: { key: string; error: string }[] = [];
    for (let round = 0; lines.length > 0; round++) {
      const argv = ["ipset", "restore", "-exist"];
      const r = await this.runner.run(argv, { stdin: `${lines.map((l) => l.text).join("\n")}\n` });
      if (r.code === 0) break;
      const at = failedRestoreLine(r.stderr);
      if (at === undefined || round >= MAX_RESTORE_ROUNDS) {
        const error = describeFailure(argv, r);
        for (const l of lines) if (l.op === "add") failed.push({ key: l.key, error });
        break;
      }
      const bad = lines[at.line - 1];
      if (bad === undefined) break;
      const full = /full/i.test(at.reason);
      // A full set refuses every later addition to it: fail those at once instead of one per round.
      const rest = lines.slice(at.line);
      const refused = full ? rest.filter((l) => l.op === "add" && l.set === bad.set) : [];
      for (const l of [bad, ...refused])
        if (!failed.some((f) => f.key === l.key)) failed.push({ key: l.key, error: at.reason });
      lines = rest.filter((l) => !refused.includes(l) && !failed.some((f) => f.key === l.key));
    }
    const failedKeys = new Set(failed.map((f) => f.key));
    return {
      added: batch.add.filter((a) => !failedKeys.has(a.key)).length,
      removed: batch.remove.length,
      failed,
    };
  }

  async list(): Promise<EnforcedBan[]> {
    const out: EnforcedBan[] = [];
    for (const family of this.families())
      out.push(...parseIpsetSave(await this.must(["ipset", "save", this.setOf(family)]), family));
    return out;
  }

  async fill(): Promise<SetFill[]> {
    const out: SetFill[] = [];
    for (const family of this.families()) {
      const name = this.setOf(family);
      const header = parseIpsetHeader(await this.must(["ipset", "list", "-t", name]));
      if (header !== undefined)
        out.push({ name, entries: header.entries, capacity: header.maxElements });
    }
    return out;
  }

  async verify(): Promise<string[]> {
    const problems: string[] = [];
    for (const family of this.families()) {
      const name = this.setOf(family);
      const r = await this.runner.run(["ipset", "list", "-n", name]);
      if (r.code !== 0) problems.push(`ipset set ${name} is missing`);
    }
    for (const target of await this.targets([])) {
      const present = await this.runner.run(checkArgv(target, this.tag));
      if (present.code !== 0)
        problems.push(
          `${target.binary} rule for set ${target.set} is missing from ${target.chain}`,
        );
      else if (await this.overtaken(target))
        problems.push(
          `${target.binary} rule for set ${target.set} is no longer first in ${target.chain}: rules Docker added since accept banned clients before it`,
        );
    }
    return problems;
  }

  async teardown(): Promise<SetupReport> {
    const rules: string[] = [];
    const warnings: string[] = [];
    for (const binary of ["iptables", "ip6tables"] as const) {
      for (const chain of CHAINS_TO_CLEAN) {
        const listing = await this.runner.run(listChainArgv(binary, chain));
        if (listing.code !== 0) continue;
        for (const argv of deleteTaggedArgv(binary, listing.stdout, this.tag)) {
          const r = await this.runner.run(argv);
          if (r.code === 0) rules.push(`${binary} ${chain}`);
          else warnings.push(describeFailure(argv, r));
        }
      }
    }
    const sets: string[] = [];
    for (const name of [this.names.v4, this.names.v6]) {
      const exists = await this.runner.run(["ipset", "list", "-n", name]);
      if (exists.code !== 0) continue;
      const r = await this.runner.run(["ipset", "destroy", name]);
      if (r.code === 0) sets.push(name);
      else warnings.push(describeFailure(["ipset", "destroy", name], r));
    }
    return { sets, rules, warnings };
  }
}
