import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../../core/errors";
import { ManifestInvalidError, parseManifest } from "../../../../core/manifest";
import { MINIMAL_YAML, problemsOf } from "../../../kit/manifest";

const withTail = (tail: string) => `${MINIMAL_YAML}${tail}`;

describe("manifest problems", () => {
  it.each([
    [
      "a canary weight above 100",
      withTail('  canary:\n    version: "1.1.0"\n    weight: 150\n'),
      "manifest.yaml:9:13 release.canary.weight: expected a whole number from 0 to 100 (percent), found 150 (a number)",
    ],
    [
      "a negative canary weight",
      withTail('  canary: { version: "1.1.0", weight: -1 }\n'),
      "manifest.yaml:7:39 release.canary.weight: expected a whole number from 0 to 100 (percent), found -1 (a number)",
    ],
    [
      "an unquoted version read as a number",
      "apiVersion: swiftdeploy/v1\nservice: { name: api }\nrelease: { stable: { version: 1.10 } }\n",
      'manifest.yaml:3:31 release.stable.version: expected a version string like "1.2.3" (quote it in YAML), found 1.10 (a number)',
    ],
    [
      "a port written as a string",
      withTail('proxy:\n  publicPort: "80"\n'),
      'manifest.yaml:8:15 proxy.publicPort: expected a whole number from 1 to 65535, found "80"',
    ],
    [
      "a fractional memory limit",
      'apiVersion: swiftdeploy/v1\nservice:\n  name: api\n  resources: { memoryMb: 256.5 }\nrelease: { stable: { version: "1" } }\n',
      "manifest.yaml:4:26 service.resources.memoryMb: expected a whole number from 16 to 65536 (MB), found 256.5 (a number)",
    ],
    [
      "an empty section value",
      withTail("proxy:\n"),
      "manifest.yaml:7:7 proxy: expected a mapping (key: value lines), found an empty value",
    ],
    [
      "a restart policy Docker does not know",
      'apiVersion: swiftdeploy/v1\nservice: { name: api, restart: sometimes }\nrelease: { stable: { version: "1" } }\n',
      'manifest.yaml:2:32 service.restart: expected one of "no", "always", "unless-stopped", "on-failure", found "sometimes"',
    ],
    [
      "a network driver that would defeat the private network",
      withTail("network: { driver: host }\n"),
      'manifest.yaml:7:20 network.driver: expected one of "bridge", "overlay", "macvlan", "ipvlan", found "host"',
    ],
    [
      "a negative rate limit",
      withTail("proxy: { rateLimit: { requestsPerSecond: -1 } }\n"),
      "manifest.yaml:7:42 proxy.rateLimit.requestsPerSecond: expected a whole number from 0 to 100000 (requests per second), found -1 (a number)",
    ],
  ])(
    "reports %s with file, line, column, field, expectation and finding",
    (_case, text, problem) => {
      expect(problemsOf(text)).toEqual([problem]);
    },
  );

  it("lists every problem at once instead of stopping at the first", () => {
    const text = [
      "apiVersion: swiftdeploy/v1",
      "service: { name: api, port: 99999 }",
      'release: { stable: { version: "1" }, canary: { version: "2", weight: 101 } }',
      "proxy: { maxBodyKb: 0, unknown: 1 }",
    ].join("\n");
    expect(problemsOf(text).map((p) => p.split(" ")[1])).toEqual([
      "service.port:",
      "release.canary.weight:",
      "proxy.maxBodyKb:",
      "proxy.unknown:",
    ]);
  });

  it("throws a SwiftDeployError with the manifest-invalid code and the problems as details", () => {
    const text = withTail('  canary: { version: "1.1.0", weight: 150 }\n');
    let caught: unknown;
    try {
      parseManifest(text, "stack/manifest.yaml");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestInvalidError);
    const error = caught as ManifestInvalidError;
    expect(error.code).toBe(ErrorCode.ManifestInvalid);
    expect(error.message).toContain("stack/manifest.yaml has 1 problem; fix them and run again");
    expect(error.details).toEqual([
      "stack/manifest.yaml:7:39 release.canary.weight: expected a whole number from 0 to 100 (percent), found 150 (a number)",
    ]);
  });

  it("points a missing field at the key of its closest parent", () => {
    const text = "apiVersion: swiftdeploy/v1\nservice:\n  port: 3000\nrelease:\n  stable: {}\n";
    expect(problemsOf(text)).toEqual([
      "manifest.yaml:2:1 service.name: expected a lowercase name of letters, digits and dashes (at most 40), found nothing (the field is missing)",
      'manifest.yaml:5:3 release.stable.version: expected a version string like "1.2.3" (quote it in YAML), found nothing (the field is missing)',
    ]);
  });

  it("reports YAML syntax errors with their position and no schema noise", () => {
    expect(problemsOf("apiVersion: swiftdeploy/v1\nservice: [1, 2\n")).toEqual([
      "manifest.yaml:3:1 (yaml): expected valid YAML, found Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("rejects a second YAML document in the same file", () => {
    expect(problemsOf(`${MINIMAL_YAML}---\nextra: 1\n`)[0]).toContain(
      "(yaml): expected valid YAML, found Source contains multiple documents",
    );
  });
});
