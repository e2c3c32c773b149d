import type { NginxRenderOptions } from "../../../components/render/nginx-conf";
import { API_ALIASES } from "../../../components/naming";

/** Options as the components would pass them. */
export const NGINX_OPTIONS: NginxRenderOptions = {
  upstreamHosts: API_ALIASES,
  accessLogPath: "/var/log/swiftdeploy/access.json",
};

/** Every line of a rendered config, trimmed, without blank lines and comments. */
export function configLines(conf: string): string[] {
  return conf
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The trimmed lines directly and indirectly inside the first block whose head is `head`. */
export function blockLines(conf: string, head: string): string[] {
  const lines = configLines(conf);
  const start = lines.indexOf(`${head} {`);
  if (start < 0) throw new Error(`no block "${head}" in:\n${conf}`);
  let depth = 0;
  const body: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.endsWith("{")) depth += 1;
    if (line === "}") depth -= 1;
    if (depth === 0) break;
    body.push(line);
  }
  return body.slice(1);
}
