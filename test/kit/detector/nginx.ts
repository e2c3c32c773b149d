import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { logCapMaps, logFormatDirective } from "../../../components/render/nginx-log-format";
import { renderNginx } from "../../../components/render/nginx-syntax";
import { must, sh } from "./sh";

/**
 * The proxy's JSON access-log format and the maps that cap its client-controlled fields, rendered
 * by components/render/nginx-log-format.ts, so the daemon reads exactly what it reads in production.
 */
export const LOG_FORMAT = renderNginx([...logCapMaps(), logFormatDirective()], 1);

/** A real Nginx (Debian nginx-light) on the host side, writing the JSON log. */
export interface TestNginx {
  readonly log: string;
  /** The command that makes this nginx re-read its config. */
  readonly reload: string[];
  readonly port: number;
  stop(): Promise<void>;
}

/** Extra server-level directives (realip for trusted proxies, the detector's deny list). */
export interface NginxExtras {
  readonly server?: readonly string[];
}

/** Starts nginx listening on `addresses`:`port`, logging to `<dir>/access.json`. */
export async function startNginx(
  dir: string,
  addresses: string[],
  port: number,
  extras: NginxExtras = {},
): Promise<TestNginx> {
  fs.mkdirSync(path.join(dir, "www"), { recursive: true });
  fs.writeFileSync(path.join(dir, "www", "index.html"), "ok\n");
  const log = path.join(dir, "access.json");
  const conf = path.join(dir, "nginx.conf");
  fs.writeFileSync(
    conf,
    `user root; # the test runs as root and its temporary files are owner-only
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
${LOG_FORMAT}  access_log ${log} swiftdeploy_json;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000;
  server {
${addresses.map((a) => `    listen ${a}:${port};`).join("\n")}
${(extras.server ?? []).map((d) => `    ${d};`).join("\n")}
    # a static file, not \`return\`: return answers in the rewrite phase, before allow/deny run
    location / { root ${dir}/www; index index.html; }
  }
}
`,
  );
  must(["nginx", "-t", "-c", conf, "-g", `error_log ${dir}/error.log;`]);
  const proc: ChildProcess = spawn("nginx", ["-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.on("close", () => resolve()));
  for (let i = 0; i < 100 && !fs.existsSync(log); i++) await new Promise((r) => setTimeout(r, 50));
  if (!fs.existsSync(log))
    throw new Error(`nginx did not start: ${sh(["cat", `${dir}/error.log`]).stdout}`);
  return {
    log,
    reload: ["nginx", "-c", conf, "-s", "reload"],
    port,
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
