import { operatorActor } from "../../../core/operator-actor";
import type { VerbContext } from "./verb-context";

/** Who runs an operator verb: `--actor`, else SWIFTDEPLOY_ACTOR, else `user@host`. */
export function verbActor(ctx: Pick<VerbContext, "values">): string {
  const given = ctx.values.actor;
  return typeof given === "string" && given.trim() !== ""
    ? given.trim().slice(0, 200)
    : operatorActor(process.env);
}
