import { z } from "zod";
import type { OpaClient, PolicyDecision } from "./opa-client";
import { OpaFailure, failedDecision } from "./opa-client";

/** Where OPA listens and how long to wait for it. */
export interface FetchOpaClientOptions {
  /** e.g. `http://127.0.0.1:8181` (no trailing path). */
  readonly baseUrl: string;
  /** Per query; default 5000 ms. */
  readonly timeoutMs?: number;
  /** Injected for tests; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Receives one line per request sent (method and URL), for the operator's log. */
  readonly log?: (line: string) => void;
}

const DecisionDocument = z.looseObject({
  allow: z.boolean(),
  reasons: z.array(z.string()),
});

const DataResponse = z.looseObject({ result: z.unknown().optional() });

const MAX_BODY_QUOTED = 300;

function describeCause(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

/** An OPA client over HTTP (OPA's Data API). Unreachable, slow or odd answers become denies. */
export function createFetchOpaClient(options: FetchOpaClientOptions): OpaClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;
  return {
    async queryDecision(path: string, input: unknown): Promise<PolicyDecision> {
      const dataPath = path.replace(/^\/+|\/+$/g, "");
      const url = `${baseUrl}/v1/data/${dataPath}`;
      const rule = `data.${dataPath.replace(/\//g, ".")}`;
      options.log?.(`POST ${url}`);
      let response: Response;
      let body: string;
      try {
        response = await doFetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ input }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = await response.text();
      } catch (error) {
        if (error instanceof DOMException && error.name === "TimeoutError") {
          return failedDecision(
            OpaFailure.Timeout,
            `OPA at ${baseUrl} did not answer ${rule} within ${timeoutMs} ms; denying by default. Check that the OPA server is running and not overloaded.`,
          );
        }
        return failedDecision(
          OpaFailure.Unreachable,
          `OPA at ${baseUrl} is unreachable (${describeCause(error)}); denying by default. Start the OPA server or fix its address.`,
        );
      }
      if (!response.ok) {
        const excerpt = body.trim().slice(0, MAX_BODY_QUOTED);
        return failedDecision(
          OpaFailure.HttpError,
          `OPA answered HTTP ${response.status} for ${rule}; denying by default. OPA said: ${excerpt || "(empty body)"}`,
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const result = DataResponse.safeParse(parsed);
      if (!result.success || result.data.result === undefined) {
        return failedDecision(
          OpaFailure.NoDecision,
          `OPA has no decision at ${rule}: the policy is not loaded; denying by default. Start OPA with the policies in policies/opa.`,
        );
      }
      const decision = DecisionDocument.safeParse(result.data.result);
      if (!decision.success) {
        return failedDecision(
          OpaFailure.Malformed,
          `OPA's decision at ${rule} is not {allow: boolean, reasons: string[]}; denying by default.`,
        );
      }
      return {
        allow: decision.data.allow,
        reasons: decision.data.reasons,
        document: decision.data,
      };
    },
  };
}
