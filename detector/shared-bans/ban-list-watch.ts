import type { ConfigMapBanList, BanListSnapshot } from "./configmap-ban-list";
import type { KubeApi, WatchEvent } from "./kube-api";
import { decodeBanList } from "./shared-ban-codec";

/** What the watch reports to. */
export interface BanListWatchHooks {
  /** A new copy of the list (after a list, or a watch event). */
  snapshot(s: BanListSnapshot): void;
  log(level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>): void;
  sleep(ms: number): Promise<void>;
}

/** The server ends each watch after this long; the loop then watches again from where it was. */
const WATCH_SECONDS = 300;
const RETRY_MS = 1000;

/**
 * Follows the shared list: list it, then watch it from that resourceVersion (one ConfigMap, by a
 * field selector on its name), reporting a snapshot for every change. A watch that ends is
 * resumed from the last resourceVersion seen; "410 Gone" (too old) or any error means list again,
 * after a second when it was an error.
 */
export class BanListWatch {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private resourceVersion = "";

  constructor(
    private readonly api: KubeApi,
    private readonly list: ConfigMapBanList,
    private readonly hooks: BanListWatchHooks,
  ) {}

  /** Lists once (resolves after the first snapshot or the first failure), then keeps watching. */
  async start(): Promise<void> {
    const first = await this.relist().catch((error: Error) => {
      this.hooks.log("error", "shared ban list not readable; retrying", { error: error.message });
      return false;
    });
    this.running = this.loop(first);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(listed: boolean): Promise<void> {
    let fresh = listed;
    while (!this.abort.signal.aborted) {
      try {
        if (!fresh) await this.relist();
        fresh = await this.watchOnce();
      } catch (error) {
        fresh = false;
        if (this.abort.signal.aborted) return;
        this.hooks.log("warn", "shared ban list watch failed; listing again", {
          error: (error as Error).message,
        });
        await this.hooks.sleep(RETRY_MS);
      }
    }
  }

  private async relist(): Promise<boolean> {
    const s = await this.list.read();
    this.resourceVersion = s.resourceVersion;
    this.hooks.snapshot(s);
    return true;
  }

  /** One watch request; true when it ended normally (resume), false when the list must be read again. */
  private async watchOnce(): Promise<boolean> {
    const query = new URLSearchParams({
      watch: "true",
      fieldSelector: `metadata.name=${this.list.name}`,
      resourceVersion: this.resourceVersion,
      timeoutSeconds: String(WATCH_SECONDS),
      allowWatchBookmarks: "true",
    });
    let gone = false;
    const path = `/api/v1/namespaces/${this.list.namespace}/configmaps?${query.toString()}`;
    await this.api.watch(path, (e) => (gone = this.onEvent(e) || gone), this.abort.signal);
    return !gone;
  }

  /** Handles one event; true when the watch is too old and the list must be read again. */
  private onEvent(e: WatchEvent): boolean {
    if (e.type === "ERROR") {
      const code = (e.object as { code?: unknown }).code;
      this.hooks.log(code === 410 ? "info" : "warn", "shared ban list watch error", { code });
      return true;
    }
    const meta = e.object.metadata as { resourceVersion?: string; name?: string } | undefined;
    if (meta?.resourceVersion !== undefined) this.resourceVersion = meta.resourceVersion;
    if (e.type === "BOOKMARK" || meta?.name !== this.list.name) return false;
    const data = e.type === "DELETED" ? {} : (e.object.data as Record<string, unknown> | undefined);
    this.hooks.snapshot({ resourceVersion: this.resourceVersion, bans: decodeBanList(data) });
    return false;
  }
}
