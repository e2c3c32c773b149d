import type { Prompt } from "../shell/prompt";
import { DEV_STACK } from "./passphrase-guard";

/** Whether a destroy may go ahead, and if not, why (nothing was changed). */
export type DestroyConfirmation =
  | { readonly confirmed: true }
  | { readonly confirmed: false; readonly reason: string };

/** What is about to be destroyed and how the operator agreed to it. */
export interface DestroyRequest {
  readonly stack: string;
  /** Where the stack runs (`user@host`, or its namespaces on a cluster), when that could be read. */
  readonly host: string | null;
  /** `--yes` was given. */
  readonly yes: boolean;
}

/**
 * A stack other than dev (the throwaway local test host) is destroyed only with `--yes` or when the
 * operator, asked on a terminal, types the stack's name. Off a terminal without `--yes` it is
 * refused, so a script or CI job never removes a real stack by accident.
 */
export async function confirmDestroy(
  request: DestroyRequest,
  prompt: Prompt,
): Promise<DestroyConfirmation> {
  const { stack } = request;
  if (stack === DEV_STACK || request.yes) return { confirmed: true };
  if (!prompt.interactive) {
    return {
      confirmed: false,
      reason: `teardown of stack "${stack}" needs confirmation: pass --yes (scripts, CI) or run it on a terminal to be asked; nothing was removed`,
    };
  }
  const where = request.host === null ? "" : ` on ${request.host}`;
  const answer = await prompt.ask(
    `teardown removes everything stack "${stack}" runs${where}: every container or pod, the detector with its bans, the stack's networks, files and kernel rules.\nType the stack's name (${stack}) to go ahead: `,
  );
  if (answer?.trim() === stack) return { confirmed: true };
  return {
    confirmed: false,
    reason:
      answer === null
        ? `teardown of stack "${stack}" was not confirmed (no answer); nothing was removed`
        : `teardown of stack "${stack}" was not confirmed (typed ${JSON.stringify(answer.trim())}, not "${stack}"); nothing was removed`,
  };
}
