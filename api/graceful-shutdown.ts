import type { FastifyInstance } from "fastify";

/** How a process ends; injected so the sequence can be tested without exiting. */
export type Exit = (code: number) => void;

/**
 * On the first of the given signals: stop accepting connections, let in-flight requests finish,
 * then exit 0; exit 1 if that takes longer than `timeoutMs` or closing fails. Later signals are
 * logged and otherwise ignored, since the timeout already bounds the wait. Returns a function
 * that removes the signal listeners.
 */
export function closeOnSignals(
  app: FastifyInstance,
  timeoutMs: number,
  exit: Exit,
  signals: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"],
): () => void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, "already shutting down");
      return;
    }
    closing = true;
    app.log.info({ signal, timeoutMs }, "shutting down: draining in-flight requests");
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, "shutdown timed out with requests still in flight");
      exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => {
        clearTimeout(timer);
        app.log.info("shutdown complete");
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        app.log.error({ err: error }, "shutdown failed");
        exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
