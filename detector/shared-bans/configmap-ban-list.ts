import { KubeApiError, type KubeApi } from "./kube-api";
import { dataKey, decodeBanList, encodeSharedBan, type SharedBan } from "./shared-ban-codec";

/** A change of the list: put a ban, or remove a key (when `removeIf` agrees with what is there). */
export type BanListChange =
  | { readonly put: SharedBan }
  | { readonly remove: string; readonly removeIf?: (current: SharedBan) => boolean };

/** What the list looked like at a resourceVersion. */
export interface BanListSnapshot {
  readonly resourceVersion: string;
  readonly bans: Map<string, SharedBan>;
}

interface ConfigMapLike {
  metadata?: { resourceVersion?: string; managedFields?: unknown };
  data?: Record<string, string>;
}

/** How often a write is tried again after a conflict (another node wrote in between). */
const MAX_ATTEMPTS = 8;

/**
 * The shared ban list in one ConfigMap of the Kubernetes API: read it, and write changes with
 * optimistic concurrency (the read's resourceVersion; a 409 means another node wrote first, so
 * read again and re-apply). Changes queued while a write is in flight go out together in the
 * next one, so a flood of bans costs a few writes, not one each.
 */
export class ConfigMapBanList {
  private pending: { change: BanListChange; done: (error?: Error) => void }[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly api: KubeApi,
    readonly namespace: string,
    readonly name: string,
  ) {}

  /** The object's path in the API. */
  get path(): string {
    return `/api/v1/namespaces/${this.namespace}/configmaps/${this.name}`;
  }

  /** Reads the list; throws when the ConfigMap is missing or unreadable. */
  async read(): Promise<BanListSnapshot> {
    const cm = await this.get();
    return { resourceVersion: cm.metadata?.resourceVersion ?? "", bans: decodeBanList(cm.data) };
  }

  /** Queues a change and resolves once it is written (or rejects after the last attempt). */
  change(change: BanListChange): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ change, done: (e) => (e === undefined ? resolve() : reject(e)) });
      this.startWriting();
    });
  }

  /** One writer at a time; a change queued as it finishes starts the next. */
  private startWriting(): void {
    if (this.writing !== undefined) return;
    this.writing = this.writeAll().finally(() => {
      this.writing = undefined;
      if (this.pending.length > 0) this.startWriting();
    });
  }

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.write(batch.map((b) => b.change));
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error as Error);
      }
    }
  }

  private async write(changes: readonly BanListChange[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const cm = await this.get();
      const data = { ...cm.data };
      if (!applyChanges(data, changes)) return;
      // Without managedFields the API server records this write under our own field manager.
      const metadata = { ...cm.metadata, managedFields: undefined };
      const res = await this.api.request("PUT", this.path, { ...cm, metadata, data });
      if (res.status === 200) return;
      if (res.status !== 409 || attempt >= MAX_ATTEMPTS)
        throw new KubeApiError(
          res.status,
          `PUT ${this.path}: HTTP ${res.status} ${reason(res.body)}`,
        );
    }
  }

  private async get(): Promise<ConfigMapLike> {
    const res = await this.api.request("GET", this.path);
    if (res.status !== 200)
      throw new KubeApiError(
        res.status,
        `GET ${this.path}: HTTP ${res.status} ${reason(res.body)}`,
      );
    return res.body as ConfigMapLike;
  }
}

/** Applies changes to a ConfigMap's data in place; false when nothing changed. */
export function applyChanges(
  data: Record<string, string>,
  changes: readonly BanListChange[],
): boolean {
  let changed = false;
  for (const c of changes) {
    if ("put" in c) {
      const key = dataKey(c.put.ip);
      const value = encodeSharedBan(c.put);
      if (data[key] !== value) {
        data[key] = value;
        changed = true;
      }
      continue;
    }
    const key = dataKey(c.remove);
    const value = data[key];
    if (value === undefined) continue;
    const current = decodeBanList({ [key]: value }).get(c.remove);
    if (c.removeIf !== undefined && current !== undefined && !c.removeIf(current)) continue;
    delete data[key];
    changed = true;
  }
  return changed;
}

function reason(body: unknown): string {
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? `(${message})` : "";
}
