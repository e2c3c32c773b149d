import { describe, expect, it } from "vitest";
import { postChaos, withApp } from "../../../kit/api/app-kit";

const TOKEN = "s3cret-token-0123456789";

describe("POST /chaos in stable mode", () => {
  it("answers 403 with the reason and changes nothing", async () => {
    await withApp({ config: { mode: "stable" } }, async ({ app }) => {
      const res = await postChaos(app, { mode: "error", rate: 1 });
      expect([res.statusCode, res.headers["x-mode"]]).toEqual([403, "stable"]);
      expect(res.json()).toEqual({
        statusCode: 403,
        code: "SD_API_CHAOS_FORBIDDEN",
        error: "Forbidden",
        message: "chaos is only available in canary mode; this instance runs in stable mode",
      });
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
    });
  });
});

describe("POST /chaos in canary mode", () => {
  it("turns on errors for every request by default and reports the state", async () => {
    await withApp({}, async ({ app }) => {
      const res = await postChaos(app, { mode: "error" });
      expect([res.statusCode, res.json()]).toEqual([200, { chaos: { mode: "error", rate: 1 } }]);
      const hit = await app.inject({ url: "/" });
      expect([hit.statusCode, hit.headers["x-mode"]]).toEqual([500, "canary"]);
      expect(hit.json()).toEqual({
        statusCode: 500,
        code: "SD_API_CHAOS_INJECTED",
        error: "Internal Server Error",
        message: 'injected failure: chaos mode "error" is active',
      });
    });
  });

  it("delays requests by the given duration when slow", async () => {
    await withApp({}, async ({ app, sleeps }) => {
      const res = await postChaos(app, { mode: "slow", duration: 1.5 });
      expect(res.json()).toEqual({ chaos: { mode: "slow", duration: 1.5, rate: 1 } });
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
      expect(sleeps).toEqual([1500]);
    });
  });

  it("ends chaos on recover", async () => {
    await withApp({}, async ({ app, sleeps }) => {
      await postChaos(app, { mode: "slow", duration: 2, rate: 1 });
      const res = await postChaos(app, { mode: "recover" });
      expect(res.json()).toEqual({ chaos: { mode: "none" } });
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
      expect(sleeps).toEqual([]);
    });
  });

  it("spares operational routes so probes, scrapes and recovery still work", async () => {
    await withApp({}, async ({ app }) => {
      await postChaos(app, { mode: "error", rate: 1 });
      const codes = await Promise.all(
        ["/healthz", "/readyz", "/metrics"].map(
          async (url) => (await app.inject({ url })).statusCode,
        ),
      );
      expect(codes).toEqual([200, 200, 200]);
      expect((await postChaos(app, { mode: "recover" })).statusCode).toBe(200);
    });
  });

  it("logs each change at info level", async () => {
    await withApp({}, async ({ app, logs }) => {
      await postChaos(app, { mode: "error", rate: 0.25 });
      expect(logs.filter((l) => l.msg === "chaos changed").map((l) => l.chaos)).toEqual([
        { mode: "error", rate: 0.25 },
      ]);
    });
  });
});

describe("POST /chaos with bad input", () => {
  it.each([
    [
      { mode: "error", rate: 1.5 },
      [{ field: "rate", expected: "a number from 0 to 1", received: "1.5" }],
    ],
    [
      { mode: "error", rate: -0.1 },
      [{ field: "rate", expected: "a number from 0 to 1", received: "-0.1" }],
    ],
    [
      { mode: "error", rate: "0.5" },
      [{ field: "rate", expected: "a number from 0 to 1", received: '"0.5"' }],
    ],
    [{ mode: "banana" }, [{ field: "mode", expected: 'one of "error", "slow", "recover"' }]],
    [{}, [{ field: "mode", expected: 'one of "error", "slow", "recover"' }]],
    [[1, 2], [{ field: "body", expected: "a JSON object" }]],
    [
      { mode: "slow" },
      [{ field: "duration", expected: "seconds, a number above 0 and at most 10" }],
    ],
    [
      { mode: "slow", duration: 0 },
      [{ field: "duration", expected: "seconds, a number above 0 and at most 10", received: "0" }],
    ],
    [
      { mode: "slow", duration: 11 },
      [{ field: "duration", expected: "seconds, a number above 0 and at most 10", received: "11" }],
    ],
    [
      { mode: "error", duration: 2 },
      [{ field: "duration", expected: 'only mode, rate when mode is "error"' }],
    ],
    [
      { mode: "recover", rate: 1 },
      [{ field: "rate", expected: 'only mode when mode is "recover"' }],
    ],
  ])("answers 400 for %j naming the field and what was expected", async (body, problems) => {
    await withApp({}, async ({ app }) => {
      const res = await postChaos(app, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        statusCode: 400,
        code: "SD_API_INVALID_BODY",
        error: "Bad Request",
        problems,
      });
    });
  });

  it("says in the message which field is wrong, what was expected and what came", async () => {
    await withApp({}, async ({ app }) => {
      const res = await postChaos(app, { mode: "error", rate: 2 });
      expect(res.json<{ message: string }>().message).toBe(
        "rate: expected a number from 0 to 1, got 2",
      );
    });
  });

  it("answers 400 for a body that is not JSON", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({
        method: "POST",
        url: "/chaos",
        headers: { "content-type": "application/json" },
        payload: "{mode: error}",
      });
      expect([res.statusCode, res.json()]).toEqual([
        400,
        {
          statusCode: 400,
          code: "SD_API_INVALID_BODY",
          error: "Bad Request",
          message: "body: expected valid JSON",
          problems: [{ field: "body", expected: "valid JSON" }],
        },
      ]);
    });
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    await withApp({}, async ({ app }) => {
      const res = await app.inject({
        method: "POST",
        url: "/chaos",
        headers: { "content-type": "text/plain" },
        payload: '{"mode":"recover"}',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({
        code: "SD_API_UNSUPPORTED_MEDIA_TYPE",
        problems: [{ field: "content-type", expected: "application/json" }],
      });
    });
  });

  it("answers 413 for an oversized body without reading it into chaos", async () => {
    await withApp({}, async ({ app }) => {
      const res = await postChaos(app, { mode: "error", padding: "x".repeat(2000) });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({
        code: "SD_API_BODY_TOO_LARGE",
        problems: [{ field: "body", expected: "at most 1024 bytes" }],
      });
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
    });
  });
});

describe("POST /chaos with a chaos token configured", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer not-the-token-at-all" }],
    ["the token under another scheme", { authorization: `Basic ${TOKEN}` }],
  ])("answers 401 for %s and changes nothing", async (_case, headers) => {
    await withApp({ config: { chaosToken: TOKEN } }, async ({ app }) => {
      const res = await postChaos(app, { mode: "error" }, headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers["www-authenticate"]).toBe('Bearer realm="swiftdeploy-chaos"');
      expect(res.json()).toMatchObject({ code: "SD_API_UNAUTHORIZED" });
      expect((await app.inject({ url: "/" })).statusCode).toBe(200);
    });
  });

  it("accepts the bearer token", async () => {
    await withApp({ config: { chaosToken: TOKEN } }, async ({ app }) => {
      const res = await postChaos(
        app,
        { mode: "error", rate: 1 },
        { authorization: `Bearer ${TOKEN}` },
      );
      expect(res.statusCode).toBe(200);
      expect((await app.inject({ url: "/" })).statusCode).toBe(500);
    });
  });

  it("checks the token before the mode, so a stable instance tells strangers nothing more", async () => {
    await withApp({ config: { chaosToken: TOKEN, mode: "stable" } }, async ({ app }) => {
      expect((await postChaos(app, { mode: "error" })).statusCode).toBe(401);
      expect(
        (await postChaos(app, { mode: "error" }, { authorization: `Bearer ${TOKEN}` })).statusCode,
      ).toBe(403);
    });
  });

  it("never writes the token to the log", async () => {
    await withApp({ config: { chaosToken: TOKEN, logLevel: "trace" } }, async ({ app, logs }) => {
      await postChaos(app, { mode: "error" }, { authorization: `Bearer ${TOKEN}` });
      await postChaos(app, { mode: "error" }, { authorization: "Bearer wrong-token-xxxxxxxxxx" });
      expect(logs.length).toBeGreaterThan(3);
      expect(JSON.stringify(logs)).not.toContain(TOKEN);
    });
  });
});
