import { describe, expect, it } from "vitest";
import type { DetectorSettingsInput } from "../../../../core/detector-settings";
import { planReload, type RunInputs } from "../../../../detector/daemon/reload-plan";
import { settings } from "../../../kit/detector/lines";

const OLD: RunInputs = {
  settings: settings({ dryRun: true, stateDir: "/var/lib/sd" }),
  hostAddresses: ["192.0.2.1", "fd00::1"],
};

function plan(change: DetectorSettingsInput, hostAddresses = OLD.hostAddresses) {
  const next = settings({ dryRun: true, stateDir: "/var/lib/sd", ...change });
  return planReload(OLD, { settings: next, hostAddresses });
}

const NOTHING = {
  enforcement: "keep",
  engine: false,
  alerts: false,
  audit: false,
  dashboard: false,
};

describe("a reload plan", () => {
  it("rebuilds nothing when nothing changed (host addresses in another order included)", () => {
    const p = plan({}, ["fd00::1", "192.0.2.1"]);
    expect(p).toMatchObject({ ...NOTHING, changed: [], refused: [] });
  });

  const cases: [string, DetectorSettingsInput, Record<string, unknown>][] = [
    ["pollMs", { pollMs: 500 }, { engine: true }],
    ["allowlist", { allowlist: ["198.51.100.0/24"] }, { engine: true }],
    ["alerts", { alerts: { enabled: false } }, { alerts: true }],
    ["audit", { audit: { keep: 3 } }, { audit: true }],
    ["dashboard", { dashboard: { port: 9999 } }, { dashboard: true }],
    ["enforcement", { enforcement: { reconcileSeconds: 120 } }, { enforcement: "rebuild" }],
    ["enforcement", { enforcement: { setName: "other" } }, { enforcement: "replace" }],
    ["dryRun", { dryRun: false }, { enforcement: "replace" }],
  ];
  describe.each(cases)("when %s changes", (section, change, rebuilt) => {
    it(`rebuilds ${JSON.stringify(rebuilt)} only`, () => {
      expect(plan(change)).toMatchObject({ ...NOTHING, ...rebuilt, changed: [section] });
    });
  });

  it("builds a new engine when the host's addresses change", () => {
    const p = plan({}, ["192.0.2.1", "192.0.2.2"]);
    expect(p).toMatchObject({ ...NOTHING, engine: true, changed: ["hostAddresses"] });
    expect(p.next.hostAddresses).toEqual(["192.0.2.1", "192.0.2.2"]);
  });

  it("refuses to move the state directory and applies the rest with the old one", () => {
    const p = plan({ stateDir: "/srv/sd", pollMs: 500 });
    expect(p.next.settings.stateDir).toBe("/var/lib/sd");
    expect(p.next.settings.pollMs).toBe(500);
    expect(p.changed).toEqual(["pollMs"]);
    expect(p.refused).toEqual([
      {
        setting: "stateDir",
        running: "/var/lib/sd",
        requested: "/srv/sd",
        reason:
          'stateDir cannot change on a reload: restart the detector to use "/srv/sd"; keeping "/var/lib/sd"',
      },
    ]);
  });

  it("throws, before anything is touched, for settings the start would refuse", () => {
    const next = settings({ dryRun: false, clientAddressSource: "forwarded" });
    expect(() => planReload(OLD, { settings: next, hostAddresses: [] })).toThrow(/trustedProxies/);
  });
});
