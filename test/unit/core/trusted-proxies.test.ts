import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../core/detector-settings";
import { loadSettings } from "../../../detector/cli/load-settings";
import { MINIMAL_YAML, manifestWith, problemsOf } from "../../kit/manifest";

const EXPECTED =
  "a proxy address or a range no wider than /8 (IPv4) or /32 (IPv6): anyone inside a trusted range can write the client address Nginx logs and the detector bans";

describe("trusted proxies", () => {
  it.each([
    ["all of IPv4", "0.0.0.0/0"],
    ["all of IPv6", "::/0"],
    ["an IPv4 range wider than /8", "10.0.0.0/7"],
    ["an IPv6 range wider than /32", "2001:db8::/31"],
    ["all of IPv4 written as IPv4-mapped IPv6", "::ffff:0:0/96"],
    ["a /7 of IPv4 written as IPv4-mapped IPv6", "::ffff:10.0.0.0/103"],
    ["an IPv6 /32 that holds every IPv4-mapped address", "::/32"],
  ])("are refused in the manifest when one is %s, naming file, line and field", (_, range) => {
    expect(
      problemsOf(`${MINIMAL_YAML}proxy:\n  trustedProxies:\n    - 10.1.2.3\n    - "${range}"\n`),
    ).toEqual([
      `manifest.yaml:10:7 proxy.trustedProxies[1]: expected ${EXPECTED}, found "${range}"`,
    ]);
  });

  it.each(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::ffff:10.0.0.0/104", "fd00::/48"])(
    "accept %s",
    (range) => {
      expect(manifestWith({ proxy: { trustedProxies: [range] } }).proxy.trustedProxies).toEqual([
        range,
      ]);
      expect(DetectorSettingsSchema.parse({ trustedProxies: [range] }).trustedProxies).toEqual([
        range,
      ]);
    },
  );

  it("are refused in the detector's config file the same way", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-trusted-"));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "detector.yaml");
    fs.writeFileSync(file, "clientAddressSource: forwarded\ntrustedProxies:\n  - ::/0\n");
    expect(() => loadSettings(file)).toThrow(
      `${file}:3: trustedProxies.0: "::/0" is too wide: expected ${EXPECTED}`,
    );
  });
});
