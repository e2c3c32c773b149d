/**
 * The one interface every enforcement backend implements (ipset + iptables, nftables, an Nginx
 * deny list, and the dry-run twin that only logs). Keys are canonical addresses or prefixes as the
 * engine names them ("203.0.113.9", "2001:db8:1:2::/64").
 */

/** A ban to put in force. */
export interface BanEntry {
  readonly key: string;
  readonly family: 4 | 6;
  /** Seconds the kernel keeps it; null = permanent. */
  readonly timeoutSeconds: number | null;
  /** Allowlisted addresses inside a banned prefix that must stay reachable. */
  readonly except: readonly string[];
}

/** A ban to lift. */
export interface BanRemoval {
  readonly key: string;
  readonly family: 4 | 6;
  readonly except: readonly string[];
}

/** One batched update: applied in one kernel transaction where the backend allows. */
export interface EnforcementBatch {
  readonly add: readonly BanEntry[];
  readonly remove: readonly BanRemoval[];
}

/** What a backend did with a batch. */
export interface ApplyResult {
  readonly added: number;
  readonly removed: number;
  /** Entries the backend refused (a full set, a malformed key), with the reason. */
  readonly failed: readonly { readonly key: string; readonly error: string }[];
}

/** A ban as the backend holds it now. */
export interface EnforcedBan {
  readonly key: string;
  readonly family: 4 | 6;
  /** Seconds left; null = permanent. */
  readonly timeoutSeconds: number | null;
  /** Packets dropped for it so far, when the backend counts them. */
  readonly packets?: number;
}

/** How full a set is. */
export interface SetFill {
  readonly name: string;
  readonly entries: number;
  readonly capacity: number;
}

/** Kernel objects a setup created or found (for the install report and the self-test). */
export interface SetupReport {
  readonly sets: readonly string[];
  /** Human-readable rule locations, e.g. "iptables DOCKER-USER", "nft inet swiftdeploy forward". */
  readonly rules: readonly string[];
  readonly warnings: readonly string[];
}

/** An enforcement backend. Every method is idempotent; every command it runs is logged. */
export interface Enforcer {
  readonly backend: "ipset" | "nftables" | "dry-run" | "nginx-deny";
  /** Creates the sets and the rules that reference them (idempotent; keeps existing bans). */
  setup(): Promise<SetupReport>;
  apply(batch: EnforcementBatch): Promise<ApplyResult>;
  /** Bans currently held (exceptions not included). */
  list(): Promise<EnforcedBan[]>;
  fill(): Promise<SetFill[]>;
  /** Problems with the rules as they stand (missing rule, missing set); empty when sound. */
  verify(): Promise<string[]>;
  /** Removes every rule and set this backend created (idempotent). */
  teardown(): Promise<SetupReport>;
}

/** An empty batch result. */
export const NOTHING_APPLIED: ApplyResult = { added: 0, removed: 0, failed: [] };
