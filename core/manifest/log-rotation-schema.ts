import { z } from "zod";
import { wholeNumber } from "./fields";

/** Rotation of Nginx's access log on the host. */
export const LogRotationSchema = z
  .strictObject({
    maxSizeMb: wholeNumber(1, 102400, "MB")
      .default(100)
      .describe("The access log is rotated once it reaches this size, in MB."),
    keep: wholeNumber(1, 100, "files")
      .default(5)
      .describe(
        "Rotated files kept (access.json.1 is the newest); older ones are deleted. The log and its rotations stay under (keep + 1) × maxSizeMb, plus what one check interval adds.",
      ),
    checkMinutes: wholeNumber(1, 60, "minutes")
      .default(1)
      .describe("How often a systemd timer on the host checks the log's size."),
  })
  .describe(
    "Rotation of Nginx's access log on the host: a systemd timer renames it to access.json.1 … .keep and makes Nginx reopen it (USR1); the detector reads on across the rename.",
  );

/** The typed `proxy.logRotation` section. */
export type LogRotationConfig = z.output<typeof LogRotationSchema>;
