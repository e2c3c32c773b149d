import http from "node:http";
import type { AddressInfo } from "node:net";

/** How the fake webhook answers its n-th request (1-based). */
export type Behaviour = (n: number) => "hang" | number;

/** A local Slack-compatible webhook that fails and hangs on command, recording what it received. */
export interface WebhookServer {
  readonly url: string;
  /** Requests received (including hung and failed ones). */
  received(): number;
  /** Requests answered so far (any status). */
  answered(): number;
  /** Bodies of requests answered 200. */
  delivered(): { text: string }[];
  /** Answers the hung requests with `status` (and no longer hangs). */
  release(status: number): void;
  close(): Promise<void>;
}

/** Starts the server on loopback. */
export async function startWebhook(behaviour: Behaviour): Promise<WebhookServer> {
  let received = 0;
  let answered = 0;
  let released: number | undefined;
  const hung: http.ServerResponse[] = [];
  const delivered: { text: string }[] = [];
  const server = http.createServer((req, res) => {
    const n = ++received;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number) => {
        answered++;
        if (status === 200)
          delivered.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text: string });
        res
          .writeHead(status, { "content-type": "text/plain" })
          .end(status === 200 ? "ok" : "error");
      };
      const b = behaviour(n);
      if (b !== "hang") return answer(b);
      if (released !== undefined) return answer(released);
      hung.push(res);
      res.on("close", () => undefined);
      (res as http.ServerResponse & { answer?: (s: number) => void }).answer = answer;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-token-XYZ`,
    received: () => received,
    answered: () => answered,
    delivered: () => delivered,
    release(status) {
      released = status;
      for (const res of hung.splice(0)) {
        const answer = (res as http.ServerResponse & { answer?: (s: number) => void }).answer;
        if (!res.destroyed) answer?.(status);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
