import { describe, expect, it } from "vitest";
import type { ControlActions } from "../../../../detector/control/control-actions";
import { buildControlApp } from "../../../../detector/control/control-app";
import { banKeyOf } from "../../../../detector/enforce/ban-key";
import { BanRefusedError } from "../../../../detector/engine/operator-ban";

describe("the control API", () => {
  it("passes operator verbs through and validates what they send", async () => {
    const calls: unknown[] = [];
    const actions = {
      explain: (ip: string) => ({ ip, banned: null, offender: null, history: [] }),
      bans: (permanent: boolean, offset: number, limit: number) => ({
        total: 0,
        rows: [],
        permanent,
        offset,
        limit,
      }),
      unban: (t: unknown) => {
        calls.push(t);
        return Promise.resolve({ lifted: ["203.0.113.9"] });
      },
      resetBreaker: () => Promise.resolve({ reset: null }),
    } as unknown as ControlActions;
    const app = buildControlApp(actions);
    try {
      expect((await app.inject({ url: "/explain?ip=203.0.113.9" })).json()).toMatchObject({
        ip: "203.0.113.9",
      });
      expect((await app.inject({ url: "/bans?permanent=true" })).json()).toMatchObject({
        permanent: true,
        offset: 0,
        limit: 1000,
      });
      expect(
        (
          await app.inject({ method: "POST", url: "/unban", payload: { ip: "203.0.113.9" } })
        ).json(),
      ).toEqual({ lifted: ["203.0.113.9"] });
      expect(
        (await app.inject({ method: "POST", url: "/unban", payload: { ip: "a", all: true } }))
          .statusCode,
      ).toBe(400);
      expect((await app.inject({ method: "POST", url: "/unban", payload: {} })).statusCode).toBe(
        400,
      );
      expect((await app.inject({ method: "POST", url: "/breaker/reset" })).json()).toEqual({
        reset: null,
      });
      expect(calls).toEqual([{ ip: "203.0.113.9" }]);
    } finally {
      await app.close();
    }
  });

  it("takes a manual ban with its actor, answers a refusal with 409, and passes actors of lifts, flush and breaker resets", async () => {
    const calls: unknown[] = [];
    const actions = {
      ban: (r: { ip: string }) => {
        calls.push(r);
        if (r.ip === "127.0.0.1")
          return Promise.reject(new BanRefusedError("refusing to ban 127.0.0.1"));
        return Promise.resolve({ banned: { ip: r.ip } });
      },
      unban: (t: unknown) => {
        calls.push(t);
        return Promise.resolve({ lifted: [] });
      },
      flush: (actor?: string) => {
        calls.push({ flush: actor });
        return Promise.resolve({ lifted: 0, removed: [], recreated: [] });
      },
      resetBreaker: (actor?: string) => {
        calls.push({ reset: actor });
        return Promise.resolve({ reset: null });
      },
    } as unknown as ControlActions;
    const app = buildControlApp(actions);
    const post = (url: string, payload?: object) =>
      app.inject({ method: "POST", url, ...(payload === undefined ? {} : { payload }) });
    try {
      const made = await post("/ban", { ip: "203.0.113.77", durationSeconds: 600, actor: "a@b" });
      expect(made.json()).toEqual({ banned: { ip: "203.0.113.77" } });
      const refused = await post("/ban", { ip: "127.0.0.1", durationSeconds: null, reason: "x" });
      expect([refused.statusCode, refused.json().error]).toEqual([
        409,
        "refusing to ban 127.0.0.1",
      ]);
      for (const bad of [{ ip: "203.0.113.77" }, { ip: "203.0.113.77", durationSeconds: 0 }])
        expect((await post("/ban", bad)).statusCode).toBe(400);
      await post("/unban", { all: true, actor: "a@b" });
      expect((await post("/unban", { actor: "a@b" })).statusCode).toBe(400);
      await post("/flush", { actor: "c@d" });
      await post("/flush");
      await post("/breaker/reset", { actor: "e@f" });
      expect(calls).toEqual([
        { ip: "203.0.113.77", durationSeconds: 600, reason: null, actor: "a@b" },
        { ip: "127.0.0.1", durationSeconds: null, reason: "x", actor: "unknown" },
        { all: true, actor: "a@b" },
        { flush: "c@d" },
        { flush: undefined },
        { reset: "e@f" },
      ]);
    } finally {
      await app.close();
    }
  });

  it("resolves an address to the key it is banned under (its IPv6 /64)", () => {
    expect(banKeyOf("2001:db8:1:2:aaaa::1", 32, 64)).toBe("2001:db8:1:2::/64");
    expect(banKeyOf("203.0.113.9", 32, 64)).toBe("203.0.113.9");
    expect(banKeyOf("203.0.113.9", 24, 64)).toBe("203.0.113.0/24");
  });
});
