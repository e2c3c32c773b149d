import { ACCESS_LOG_FIELDS, type AccessLogField } from "../../core/access-log-layout";
import { block, directive, quoted, type NginxNode } from "./nginx-syntax";

/** Name of the log format the server's access_log uses. */
export const ACCESS_LOG_FORMAT = "swiftdeploy_json";

/** What a cut value ends with. */
export const CUT_MARK = "...";

/** The variable a field is logged from: its own, or the capped copy a map makes. */
export function loggedVariable(field: AccessLogField): string {
  return field.maxBytes === undefined ? field.value : `$sd_log_${field.name}`;
}

/**
 * One `map` per capped field: the first `maxBytes` bytes and "..." when the value is longer, else
 * the value itself. Nginx has no substring operator in log_format and Debian's nginx-light has no
 * njs, but a map regex may capture; `(?s)` lets `.` match every byte, newlines included.
 */
export function logCapMaps(): NginxNode[] {
  return ACCESS_LOG_FIELDS.filter((f) => f.maxBytes !== undefined).map((f) => {
    const cut = `sd_cut_${f.name}`;
    return block(`map ${f.value} ${loggedVariable(f)}`, [
      directive(quoted(`~(?s)^(?<${cut}>.{${f.maxBytes}}).`), quoted(`\${${cut}}${CUT_MARK}`)),
      directive("default", f.value),
    ]);
  });
}

/** `log_format swiftdeploy_json escape=json '{…}'`: escape=json makes every line valid JSON. */
export function logFormatDirective(): string {
  const body = ACCESS_LOG_FIELDS.map((f) =>
    f.type === "number" ? `"${f.name}":${loggedVariable(f)}` : `"${f.name}":"${loggedVariable(f)}"`,
  ).join(",");
  return directive("log_format", ACCESS_LOG_FORMAT, "escape=json", `'{${body}}'`);
}
