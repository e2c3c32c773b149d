import { ErrorCode, SwiftDeployError } from "../../../core/errors";
import { callControl } from "../../control/control-client";

/**
 * Calls the running daemon; undefined when it is not running (the verb then works on the saved
 * state). A refusal from the daemon becomes an error with its message (BanRefused for a manual
 * ban the detector will not make).
 */
export async function askDaemon(
  socket: string,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<unknown> {
  const answer = await callControl(socket, method, path, body);
  if (!answer.reached) return undefined;
  if (answer.status >= 400) {
    const message =
      (answer.body as { error?: string } | undefined)?.error ?? `HTTP ${answer.status}`;
    const code = answer.status === 409 ? ErrorCode.BanRefused : ErrorCode.ConfigInvalid;
    throw new SwiftDeployError(code, `the daemon refused: ${message}`);
  }
  return answer.body;
}
