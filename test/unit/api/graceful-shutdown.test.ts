import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { closeOnSignals } from "../../../api/graceful-shutdown";
import { withApp } from "../../kit/api/app-kit";

/** A signal nobody else listens to in the test process, raised without involving the OS. */
const SIGNAL = "SIGUSR2";

function waitForExit(): { exit: (code: number) => void; code: Promise<number> } {
  let exit: (code: number) => void = () => undefined;
  const code = new Promise<number>((resolve) => (exit = resolve));
  return { exit, code };
}

describe("closeOnSignals", () => {
  it("closes the app and exits 0 on the signal", async () => {
    await withApp({}, async ({ app, logs }) => {
      const { exit, code } = waitForExit();
      const dispose = closeOnSignals(app, 5_000, exit, [SIGNAL]);
      try {
        process.emit(SIGNAL, SIGNAL);
        expect(await code).toBe(0);
        expect(app.readiness.draining).toBe(true);
        expect(logs.map((l) => l.msg)).toEqual(
          expect.arrayContaining([
            "shutting down: draining in-flight requests",
            "shutdown complete",
          ]),
        );
      } finally {
        dispose();
      }
    });
  });

  it("exits 1 when closing outlasts the timeout", async () => {
    let release: () => void = () => undefined;
    const extend = (app: FastifyInstance) =>
      app.addHook("onClose", () => new Promise<void>((resolve) => (release = resolve)));
    await withApp({ extend }, async ({ app, logs }) => {
      const { exit, code } = waitForExit();
      const dispose = closeOnSignals(app, 50, exit, [SIGNAL]);
      try {
        process.emit(SIGNAL, SIGNAL);
        expect(await code).toBe(1);
        expect(logs.some((l) => l.msg === "shutdown timed out with requests still in flight")).toBe(
          true,
        );
      } finally {
        dispose();
        release();
      }
    });
  });

  it("ignores a second signal while already shutting down", async () => {
    await withApp({}, async ({ app, logs }) => {
      const codes: number[] = [];
      const { exit, code } = waitForExit();
      const dispose = closeOnSignals(app, 5_000, (c) => (codes.push(c), exit(c)), [SIGNAL]);
      try {
        process.emit(SIGNAL, SIGNAL);
        process.emit(SIGNAL, SIGNAL);
        await code;
        expect(codes).toEqual([0]);
        expect(logs.filter((l) => l.msg === "already shutting down")).toHaveLength(1);
      } finally {
        dispose();
      }
    });
  });
});
