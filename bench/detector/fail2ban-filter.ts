import fs from "node:fs";

/**
 * A fail2ban filter equivalent to what the detector reads from each line: the client address
 * (`source_ip`) and the ISO-8601 log time. Every line of the benchmark log matches it.
 */
export const FAIL2BAN_FILTER = `[Definition]
failregex = ^\\{"source_ip":"<HOST>"
datepattern = "timestamp":"%%Y-%%m-%%dT%%H:%%M:%%S%%z"
`;

/** Writes the filter file. */
export function writeFail2banFilter(file: string): void {
  fs.writeFileSync(file, FAIL2BAN_FILTER);
}
