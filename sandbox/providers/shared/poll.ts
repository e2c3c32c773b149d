/** Outcome of one poll: done with a value, or not yet (with a note for the timeout message). */
export type PollStep<T> = { done: true; value: T } | { done: false; note: string };

/**
 * Calls `probe` every `intervalMs` until it reports done, or fails after `timeoutMs` with the last
 * note. Bounded in time by construction.
 */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<PollStep<T>>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let note = "not checked yet";
  for (;;) {
    const step = await probe();
    if (step.done) return step.value;
    note = step.note;
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${note}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
