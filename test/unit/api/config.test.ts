import { describe, expect, it } from "vitest";
import { loadApiConfig } from "../../../api/config";
import { version as packageVersion } from "../../../package.json";

describe("loadApiConfig", () => {
  it("gives the documented defaults when nothing is set", () => {
    expect(loadApiConfig({})).toEqual({
      ok: true,
      config: {
        mode: "stable",
        port: 3000,
        host: "0.0.0.0",
        version: packageVersion,
        serviceName: "swiftdeploy-api",
        chaosToken: undefined,
        logLevel: "info",
        shutdownTimeoutMs: 8000,
        metrics: true,
      },
    });
  });

  it("reads every variable", () => {
    const result = loadApiConfig({
      MODE: "canary",
      PORT: "8081",
      HOST: "127.0.0.1",
      APP_VERSION: "2.0.0-rc.1",
      SERVICE_NAME: "shop",
      CHAOS_TOKEN: "0123456789abcdef",
      LOG_LEVEL: "debug",
      SHUTDOWN_TIMEOUT_MS: "2500",
      METRICS: "off",
    });
    expect(result).toEqual({
      ok: true,
      config: {
        mode: "canary",
        port: 8081,
        host: "127.0.0.1",
        version: "2.0.0-rc.1",
        serviceName: "shop",
        chaosToken: "0123456789abcdef",
        logLevel: "debug",
        shutdownTimeoutMs: 2500,
        metrics: false,
      },
    });
  });

  it("treats an empty variable as unset", () => {
    const result = loadApiConfig({ MODE: "", PORT: "" });
    expect(result.ok && [result.config.mode, result.config.port]).toEqual(["stable", 3000]);
  });

  it.each([
    [{ MODE: "blue" }, 'MODE: expected one of "stable", "canary", got "blue"'],
    [{ PORT: "http" }, 'PORT: expected an integer from 0 to 65535, got "http"'],
    [{ PORT: "70000" }, 'PORT: expected an integer from 0 to 65535, got "70000"'],
    [{ PORT: "80.5" }, 'PORT: expected an integer from 0 to 65535, got "80.5"'],
    [
      { LOG_LEVEL: "loud" },
      'LOG_LEVEL: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"',
    ],
    [
      { SHUTDOWN_TIMEOUT_MS: "5" },
      'SHUTDOWN_TIMEOUT_MS: expected an integer from 100 to 600000, got "5"',
    ],
    [{ METRICS: "yes" }, 'METRICS: expected one of "on", "off", got "yes"'],
    [{ HOST: "   " }, 'HOST: expected a non-empty string, got "   "'],
  ])("rejects %o naming the variable and what it expects", (env, message) => {
    expect(loadApiConfig(env)).toEqual({ ok: false, problems: [message] });
  });

  it("lists every problem at once", () => {
    const result = loadApiConfig({ MODE: "prod", PORT: "-1" });
    expect(result.ok ? [] : result.problems).toEqual([
      'MODE: expected one of "stable", "canary", got "prod"',
      'PORT: expected an integer from 0 to 65535, got "-1"',
    ]);
  });

  it("never repeats a rejected chaos token, only its length", () => {
    const result = loadApiConfig({ CHAOS_TOKEN: "short secret" });
    expect(result).toEqual({
      ok: false,
      problems: [
        "CHAOS_TOKEN: expected 16 to 512 printable characters without spaces, got a value of 12 characters",
      ],
    });
  });
});
