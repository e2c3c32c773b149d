import http from "node:http";

/** The control socket's file name inside the state directory. */
export const CONTROL_SOCKET = "control.sock";

/** An answer from the daemon, or why there was none. */
export type ControlAnswer =
  | { readonly reached: true; readonly status: number; readonly body: unknown }
  | { readonly reached: false; readonly reason: string };

/** Calls the running daemon over its Unix socket. `reached: false` when it is not running. */
export function callControl(
  socketPath: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
  timeoutMs = 120_000,
): Promise<ControlAnswer> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        socketPath,
        method,
        path,
        headers: payload === undefined ? {} : { "content-type": "application/json" },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ reached: true, status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (e: NodeJS.ErrnoException) =>
      resolve({
        reached: false,
        reason:
          e.code === "ENOENT" || e.code === "ECONNREFUSED"
            ? "the daemon is not running"
            : e.message,
      }),
    );
    req.end(payload);
  });
}
