import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake API answered. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/**
 * The part of the Kubernetes API the shared ban list uses, on loopback: one ConfigMap with GET,
 * PUT under optimistic concurrency (409 on a stale resourceVersion), and watch streams (one JSON
 * event a line, "410 Gone" for a resourceVersion older than `compactedBelow`).
 */
export class FakeKubeApi {
  readonly requests: SeenRequest[] = [];
  /** PUTs to refuse with 409 before accepting one (as if another node wrote first). */
  conflicts = 0;
  /** Watches asking for an older resourceVersion get ERROR 410. */
  compactedBelow = 0;
  token: string | undefined;
  private rv = 1;
  private data: Record<string, string> | undefined = {};
  private readonly watchers = new Set<http.ServerResponse>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor(
    readonly namespace = "ns",
    readonly name = "swiftdeploy-bans",
  ) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.dropWatches();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Ends every open watch stream (as the API server does after timeoutSeconds). */
  dropWatches(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }

  get object(): Record<string, unknown> {
    return {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: this.name, namespace: this.namespace, resourceVersion: String(this.rv) },
      data: this.data,
    };
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The ConfigMap's data now. */
  get current(): Record<string, string> {
    return { ...this.data };
  }

  /** Writes the data directly (an operator's `kubectl edit`), notifying the watches unless `quiet`. */
  edit(data: Record<string, string>, quiet = false): void {
    this.data = data;
    this.rv++;
    if (!quiet) this.notify("MODIFIED");
  }

  private notify(type: string): void {
    for (const w of this.watchers) w.write(`${JSON.stringify({ type, object: this.object })}\n`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    const reply = (status: number, body: unknown) => {
      this.requests.push({ method: req.method ?? "", path: url.pathname, status });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`)
      return reply(401, { message: "Unauthorized" });
    const objectPath = `/api/v1/namespaces/${this.namespace}/configmaps/${this.name}`;
    if (
      url.pathname === `/api/v1/namespaces/${this.namespace}/configmaps` &&
      url.searchParams.get("watch") === "true"
    ) {
      this.requests.push({ method: "WATCH", path: url.pathname, status: 200 });
      const from = Number(url.searchParams.get("resourceVersion") ?? "0");
      res.writeHead(200, { "content-type": "application/json" });
      if (from < this.compactedBelow) {
        res.end(
          `${JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } })}\n`,
        );
        return;
      }
      if (from < this.rv)
        res.write(`${JSON.stringify({ type: "MODIFIED", object: this.object })}\n`);
      this.watchers.add(res);
      res.on("close", () => this.watchers.delete(res));
      return;
    }
    if (url.pathname !== objectPath) return reply(404, { message: "not found" });
    if (req.method === "GET")
      return this.data === undefined
        ? reply(404, { message: "configmaps not found" })
        : reply(200, this.object);
    if (req.method !== "PUT") return reply(405, { message: "method not allowed" });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        metadata?: { resourceVersion?: string };
        data?: Record<string, string>;
      };
      if (this.conflicts > 0 || body.metadata?.resourceVersion !== String(this.rv)) {
        if (this.conflicts > 0) this.conflicts--;
        return reply(409, {
          message: "the object has been modified; please apply your changes to the latest version",
        });
      }
      this.data = body.data ?? {};
      this.rv++;
      reply(200, this.object);
      this.notify("MODIFIED");
    });
  }
}
