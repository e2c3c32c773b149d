import type { RandomSource } from "../../core";
import type { ChaosRequest, ChaosState } from "../schemas/chaos";

/** What chaos does to one request. */
export type ChaosEffect =
  | { readonly kind: "pass" }
  | { readonly kind: "fail" }
  | { readonly kind: "delay"; readonly ms: number };

const PASS: ChaosEffect = { kind: "pass" };
const FAIL: ChaosEffect = { kind: "fail" };

/** Holds the chaos in force and decides, with an injected random source, what each request gets. */
export class ChaosController {
  private state: ChaosState = { mode: "none" };

  constructor(private readonly random: RandomSource) {}

  /** Applies an operator's request and returns the resulting state. */
  apply(request: ChaosRequest): ChaosState {
    this.state = request.mode === "recover" ? { mode: "none" } : { ...request };
    return this.state;
  }

  current(): ChaosState {
    return this.state;
  }

  /** Draws once per affected request, so a rate of 0.8 fails 80 % of requests over time. */
  decide(): ChaosEffect {
    const state = this.state;
    if (state.mode === "none") return PASS;
    if (this.random() >= state.rate) return PASS;
    return state.mode === "error" ? FAIL : { kind: "delay", ms: Math.round(state.duration * 1000) };
  }
}
