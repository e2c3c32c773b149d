import { describe, expect, it } from "vitest";
import type { ControlActions } from "../../../../detector/control/control-actions";
import { buildControlApp } from "../../../../detector/control/control-app";
import { banKeyOf } from "../../../../detector/enforce/ban-key";

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

  it("resolves an address to the key it is banned under (its IPv6 /64)", () => {
    expect(banKeyOf("2001:db8:1:2:aaaa::1", 32, 64)).toBe("2001:db8:1:2::/64");
    expect(banKeyOf("203.0.113.9", 32, 64)).toBe("203.0.113.9");
    expect(banKeyOf("203.0.113.9", 24, 64)).toBe("203.0.113.0/24");
  });
});
