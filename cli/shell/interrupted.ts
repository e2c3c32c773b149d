/** A stop request from the operator (Ctrl-C) or the system, awaited by a long-running verb. */
export interface Interruption {
  readonly stopped: () => boolean;
  /** Resolves once a signal arrived. */
  readonly wait: Promise<void>;
  /** Stops listening (the default handlers apply again). */
  dispose(): void;
}

/** Listens for the signals (Ctrl-C by default) until disposed, so the verb can stop cleanly. */
export function interrupted(signals: readonly NodeJS.Signals[] = ["SIGINT"]): Interruption {
  let stop = false;
  let wake: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (wake = resolve));
  const handler = () => {
    stop = true;
    wake();
  };
  for (const signal of signals) process.once(signal, handler);
  return {
    stopped: () => stop,
    wait,
    dispose: () => {
      for (const signal of signals) process.off(signal, handler);
    },
  };
}
