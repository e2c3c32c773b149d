import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import { enforcementPlan } from "../../../../detector/enforce/enforcement-plan";
import { checkPrerequisites } from "../../../../detector/systemd/prerequisites";
import { scriptedRunner } from "../enforce/kit";

const settings = DetectorSettingsSchema.parse({});
const plan = enforcementPlan(settings);

describe("install's prerequisites", () => {
  it("fails clearly when systemd is not running", async () => {
    await expect(
      checkPrerequisites(scriptedRunner(), plan, settings, "/nonexistent/systemd"),
    ).rejects.toThrow(
      "systemd is not running on this host (/nonexistent/systemd is missing): the detector is installed as a systemd service",
    );
  });

  it("names each missing tool and the Debian package to install", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sd-systemd-"));
    try {
      const runner = scriptedRunner({
        "ipset --version": { code: null, error: "ipset not found" },
        "ip6tables --version": { code: 1 },
      });
      await expect(checkPrerequisites(runner, plan, settings, dir)).rejects.toThrow(
        "missing on this host: ipset (Debian package ipset), ip6tables (Debian package iptables)\n  - install them, e.g. apt-get install -y ipset iptables",
      );
      const nft = DetectorSettingsSchema.parse({ enforcement: { backend: "nftables" } });
      const missingNft = scriptedRunner({ "nft --version": { code: 1 } });
      await expect(checkPrerequisites(missingNft, enforcementPlan(nft), nft, dir)).rejects.toThrow(
        "missing on this host: nft (Debian package nftables)",
      );
      await expect(
        checkPrerequisites(scriptedRunner(), plan, settings, dir),
      ).resolves.toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
