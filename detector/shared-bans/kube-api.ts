import http from "node:http";
import https from "node:https";

/** Where the Kubernetes API is and how to prove who we are. */
export interface KubeApiTarget {
  /** `https://host:port` (in a pod) or `http://127.0.0.1:port` (tests). */
  readonly url: string;
  /** The bearer token, read for each request (the kubelet rotates the projected token file). */
  readonly token?: () => string;
  /** The cluster's CA bundle (PEM), when the URL is https. */
  readonly ca?: string;
}

/** One answer of the API: status and parsed JSON body (undefined when not JSON). */
export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

/** An API error with the HTTP status (409 conflict, 404 missing, 410 gone, …). */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One event of a watch stream (`{"type":"MODIFIED","object":{…}}`). */
export interface WatchEvent {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  readonly object: Record<string, unknown>;
}

/**
 * A small client of the Kubernetes API on node:http(s): JSON requests and watch streams with the
 * pod's service-account token, nothing else. Enough for one ConfigMap; a full client (hundreds of
 * files) would not earn its place in the detector's bundle.
 */
export class KubeApi {
  private readonly base: URL;

  constructor(
    private readonly target: KubeApiTarget,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(target.url);
  }

  /** Sends one request; resolves with any status (the caller decides what is an error). */
  request(method: string, path: string, body?: unknown): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = this.open(method, path, payload, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, body: parseJson(text) });
        });
      });
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new Error(`${method} ${path}: no answer in ${this.timeoutMs} ms`)),
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /**
   * Follows a watch stream, calling `onEvent` for each line; resolves when the server ends it (it
   * does after `timeoutSeconds`) or `signal` aborts, rejects on a connection error or a non-200.
   */
  watch(path: string, onEvent: (e: WatchEvent) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.open("GET", path, undefined, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new KubeApiError(res.statusCode ?? 0, `watch ${path}: HTTP ${res.statusCode}`));
          return;
        }
        let rest = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          rest += chunk;
          let nl = rest.indexOf("\n");
          while (nl >= 0) {
            const line = rest.slice(0, nl).trim();
            rest = rest.slice(nl + 1);
            const event = parseJson(line) as WatchEvent | undefined;
            if (event !== undefined && typeof event.type === "string") onEvent(event);
            nl = rest.indexOf("\n");
          }
        });
        res.on("error", reject);
        res.on("end", () => resolve());
        res.on("close", () => resolve());
      });
      const abort = () => {
        req.destroy();
        resolve();
      };
      if (signal.aborted) abort();
      signal.addEventListener("abort", abort, { once: true });
      req.on("error", (error) => (signal.aborted ? resolve() : reject(error)));
      req.on("close", () => signal.removeEventListener("abort", abort));
      req.end();
    });
  }

  private open(
    method: string,
    path: string,
    payload: string | undefined,
    onResponse: (res: http.IncomingMessage) => void,
  ): http.ClientRequest {
    // The user agent names the field manager of our writes (managedFields).
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": "swiftdeploy-detector",
    };
    if (this.target.token !== undefined) headers.authorization = `Bearer ${this.target.token()}`;
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    const options = {
      method,
      hostname: this.base.hostname.replace(/^\[|\]$/g, ""),
      port: this.base.port,
      path,
      headers,
    };
    return this.base.protocol === "https:"
      ? https.request({ ...options, ca: this.target.ca }, onResponse)
      : http.request(options, onResponse);
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
