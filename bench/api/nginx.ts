import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Listening ports of the throwaway Nginx: one static server, one proxy per API upstream. */
export interface NginxPorts {
  readonly staticPort: number;
  readonly proxies: readonly { readonly listen: number; readonly upstream: number }[];
}

/**
 * One worker, no access log on either server (so both sides pay the same), upstream keep-alive so
 * Nginx reuses connections to the API as a production proxy config would.
 */
export function renderNginxConf(scratch: string, ports: NginxPorts): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(scratch, name)};`;
  const proxies = ports.proxies
    .map(
      ({ listen, upstream }) => `
  upstream api_${upstream} { server 127.0.0.1:${upstream}; keepalive 128; }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://api_${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }`,
    )
    .join("\n");
  return `worker_processes 1;
daemon off;
pid ${path.join(scratch, "nginx.pid")};
error_log ${path.join(scratch, "error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  server {
    listen 127.0.0.1:${ports.staticPort};
    location / { default_type application/json; return 200 '{"message":"static"}'; }
  }
${proxies}
}
`;
}

/** Starts Debian's nginx with its own prefix and config in `scratch`; the caller stops it. */
export function startNginx(scratch: string, ports: NginxPorts): ChildProcess {
  const conf = path.join(scratch, "nginx.conf");
  for (const dir of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(path.join(scratch, dir));
  writeFileSync(conf, renderNginxConf(scratch, ports));
  const test = spawnSync(
    "nginx",
    ["-t", "-q", "-p", scratch, "-e", path.join(scratch, "error.log"), "-c", conf],
    {
      encoding: "utf8",
    },
  );
  if (test.error)
    throw new Error(
      `nginx could not run (${test.error.message}); install it: apt-get install -y nginx-light`,
    );
  if (test.status !== 0) throw new Error(`nginx rejected the bench config:\n${test.stderr}`);
  return spawn("nginx", ["-p", scratch, "-e", path.join(scratch, "error.log"), "-c", conf], {
    stdio: "ignore",
  });
}
