import {
  DetectorSettingsSchema,
  type DetectorSettingsInput,
} from "../../../../core/detector-settings";
import type { CommandResult } from "../../../../detector/enforce/command-runner";
import { RecordingRunner } from "../../../../detector/enforce/recording-runner";

/** Enforcement settings with overrides. */
export function enforcementSettings(overrides: DetectorSettingsInput["enforcement"] = {}) {
  return DetectorSettingsSchema.parse({ enforcement: { setName: "sd", ...overrides } }).enforcement;
}

/** A recording runner that answers by the first words of a command (longest prefix wins). */
export function scriptedRunner(
  answers: Record<string, Partial<CommandResult>> = {},
): RecordingRunner {
  const keys = Object.keys(answers).sort((a, b) => b.length - a.length);
  return new RecordingRunner((argv) => {
    const line = argv.join(" ");
    const key = keys.find((k) => line.startsWith(k));
    return key === undefined ? undefined : answers[key];
  });
}
