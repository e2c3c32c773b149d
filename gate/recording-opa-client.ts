import type { OpaClient, PolicyDecision } from "./opa-client";

/** One query a `RecordingOpaClient` received. */
export interface RecordedQuery {
  readonly path: string;
  readonly input: unknown;
}

/** Answers a query in tests: a fixed decision or one computed from the query. */
export type ScriptedAnswer = PolicyDecision | ((query: RecordedQuery) => PolicyDecision);

/** The test twin of an OPA client: records every query and answers from a script. */
export class RecordingOpaClient implements OpaClient {
  readonly queries: RecordedQuery[] = [];

  constructor(private readonly answer: ScriptedAnswer) {}

  /** A client that allows everything. */
  static allowing(): RecordingOpaClient {
    return new RecordingOpaClient({
      allow: true,
      reasons: [],
      document: { allow: true, reasons: [] },
    });
  }

  /** A client that denies everything with these reasons. */
  static denying(...reasons: string[]): RecordingOpaClient {
    return new RecordingOpaClient({ allow: false, reasons, document: { allow: false, reasons } });
  }

  async queryDecision(path: string, input: unknown): Promise<PolicyDecision> {
    const query = { path, input };
    this.queries.push(query);
    return typeof this.answer === "function" ? this.answer(query) : this.answer;
  }
}
