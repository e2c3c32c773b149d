import { describe, expect, it } from "vitest";
import { renderNginxConf } from "../../../../components/render/nginx-conf";
import { SwiftDeployError } from "../../../../core/errors";
import type { ManifestInput } from "../../../../core/manifest";
import { manifestWith } from "../../../kit/manifest";
import { NGINX_OPTIONS, blockLines, configLines } from "../../../kit/nginx/config-lines";

const render = (sections: Partial<ManifestInput> = {}, options = NGINX_OPTIONS) =>
  renderNginxConf(manifestWith(sections), options);

const release = (weight?: number): ManifestInput["release"] => ({
  stable: { version: "1.0.0" },
  ...(weight === undefined ? {} : { canary: { version: "1.1.0", weight } }),
});

describe("nginx.conf", () => {
  describe("upstream split", () => {
    it.each([
      ["no canary", undefined, ["server api-stable:3000 weight=100 max_fails=0;"]],
      [
        "a 10 % canary",
        10,
        [
          "server api-stable:3000 weight=90 max_fails=0;",
          "server api-canary:3000 weight=10 max_fails=0;",
        ],
      ],
      [
        "a 50 % canary",
        50,
        [
          "server api-stable:3000 weight=50 max_fails=0;",
          "server api-canary:3000 weight=50 max_fails=0;",
        ],
      ],
      ["a 0 % canary (left out)", 0, ["server api-stable:3000 weight=100 max_fails=0;"]],
      ["a 100 % canary (replaces stable)", 100, ["server api-canary:3000 weight=100 max_fails=0;"]],
    ])("routes %s", (_name, weight, servers) => {
      expect(blockLines(render({ release: release(weight) }), "upstream swiftdeploy_api")).toEqual([
        ...servers,
        "keepalive 32;",
      ]);
    });

    it("uses the service's port and the host names the components chose", () => {
      const conf = render(
        { service: { name: "api", port: 8081 }, release: release(20) },
        { ...NGINX_OPTIONS, upstreamHosts: { stable: "shop-stable", canary: "shop-canary" } },
      );
      expect(blockLines(conf, "upstream swiftdeploy_api").slice(0, 2)).toEqual([
        "server shop-stable:8081 weight=80 max_fails=0;",
        "server shop-canary:8081 weight=20 max_fails=0;",
      ]);
    });

    it("proxies everything else to the upstream over keep-alive HTTP/1.1", () => {
      expect(blockLines(render(), "location /").slice(0, 3)).toEqual([
        "proxy_pass http://swiftdeploy_api;",
        "proxy_http_version 1.1;",
        'proxy_set_header Connection "";',
      ]);
    });
  });

  describe("client address", () => {
    it("configures realip only for the trusted proxies", () => {
      const lines = configLines(
        render({ proxy: { trustedProxies: ["10.0.0.0/8", "2001:db8::/32"] } }),
      );
      expect(
        lines.filter((l) => l.startsWith("set_real_ip_from") || l.startsWith("real_ip_")),
      ).toEqual([
        "set_real_ip_from 10.0.0.0/8;",
        "set_real_ip_from 2001:db8::/32;",
        "real_ip_header X-Forwarded-For;",
        "real_ip_recursive on;",
      ]);
    });

    it("ignores X-Forwarded-For for the client address when no proxy is trusted", () => {
      const conf = render();
      expect(conf).not.toMatch(/real_ip|set_real_ip_from/);
      expect(configLines(conf)).toContain("proxy_set_header X-Forwarded-For $remote_addr;");
    });

    it("hands the API only the address Nginx trusts, never the client's header chain", () => {
      const lines = blockLines(render({ proxy: { trustedProxies: ["10.0.0.0/8"] } }), "location /");
      expect(lines).toContain("proxy_set_header X-Forwarded-For $remote_addr;");
      expect(lines).toContain("proxy_set_header X-Real-IP $remote_addr;");
      expect(lines.join("\n")).not.toContain("$proxy_add_x_forwarded_for");
    });
  });

  describe("limits and timeouts", () => {
    it("applies the manifest's timeouts and body size", () => {
      const lines = configLines(
        render({
          proxy: {
            maxBodyKb: 64,
            timeouts: {
              connectSeconds: 2,
              readSeconds: 45,
              sendSeconds: 40,
              clientHeaderSeconds: 4,
              clientBodySeconds: 9,
              keepaliveSeconds: 0,
            },
          },
        }),
      );
      expect(lines).toEqual(
        expect.arrayContaining([
          "client_max_body_size 64k;",
          "client_header_timeout 4s;",
          "client_body_timeout 9s;",
          "keepalive_timeout 0s;",
          "proxy_connect_timeout 2s;",
          "proxy_read_timeout 45s;",
          "proxy_send_timeout 40s;",
        ]),
      );
    });

    it.each([
      [
        "a rate with burst and a connection cap",
        { requestsPerSecond: 20, burst: 40, connectionsPerClient: 10 },
        [
          "limit_req_zone $binary_remote_addr zone=per_client_rate:10m rate=20r/s;",
          "limit_req_status 429;",
          "limit_conn_zone $binary_remote_addr zone=per_client_conn:10m;",
          "limit_conn_status 429;",
        ],
        ["limit_req zone=per_client_rate burst=40 nodelay;", "limit_conn per_client_conn 10;"],
      ],
      [
        "a bare rate",
        { requestsPerSecond: 5, burst: 0, connectionsPerClient: 0 },
        [
          "limit_req_zone $binary_remote_addr zone=per_client_rate:10m rate=5r/s;",
          "limit_req_status 429;",
        ],
        ["limit_req zone=per_client_rate;"],
      ],
    ])("limits each client with %s", (_name, rateLimit, httpLines, serverLines) => {
      const conf = render({ proxy: { rateLimit } });
      const limitLines = (lines: string[]) => lines.filter((l) => /^limit_(req|conn)/.test(l));
      const server = blockLines(conf, "server");
      expect(limitLines(server)).toEqual(serverLines);
      expect(limitLines(blockLines(conf, "http")).filter((l) => !server.includes(l))).toEqual(
        httpLines,
      );
    });

    it("has no limits when the manifest turns them off", () => {
      const off = { requestsPerSecond: 0, connectionsPerClient: 0 };
      expect(render({ proxy: { rateLimit: off } })).not.toMatch(/limit_req|limit_conn/);
    });
  });

  describe("hardening", () => {
    it("adds the security headers at server level, on every response", () => {
      const server = blockLines(render(), "server");
      expect(server.filter((l) => l.startsWith("add_header"))).toEqual([
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header X-Frame-Options "DENY" always;',
        'add_header Referrer-Policy "no-referrer" always;',
        `add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;`,
      ]);
    });

    it("omits the security headers when the manifest turns them off", () => {
      expect(render({ proxy: { securityHeaders: false } })).not.toContain("add_header");
    });

    it("never reveals its version", () => {
      expect(configLines(render())).toContain("server_tokens off;");
    });

    it.each(["/metrics", "/chaos", "/admin"])(
      "answers 404 for %s and everything below it",
      (path) => {
        const conf = render({ proxy: { privatePaths: ["/admin", "/metrics"] } });
        for (const head of [`location = ${path}`, `location ^~ ${path}/`]) {
          expect(blockLines(conf, head)).toEqual([
            "default_type application/json;",
            'return 404 "{\\"error\\":\\"Not Found\\",\\"statusCode\\":404}";',
          ]);
        }
        expect(configLines(conf).filter((l) => l === "location = /metrics {")).toHaveLength(1);
      },
    );

    it("serves an unlogged /nginx-health for the container's health check", () => {
      expect(blockLines(render(), "location = /nginx-health")).toEqual([
        "access_log off;",
        "default_type text/plain;",
        'return 200 "ok\\n";',
      ]);
    });

    it("keeps every writable path under the runtime directory, for a read-only root", () => {
      const lines = configLines(render({}, { ...NGINX_OPTIONS, runtimeDir: "/run/nginx" }));
      const paths = lines.filter((l) => /^(pid|\w+_temp_path) /.test(l));
      expect(paths).toEqual([
        "pid /run/nginx/nginx.pid;",
        "client_body_temp_path /run/nginx/nginx-client-body;",
        "proxy_temp_path /run/nginx/nginx-proxy;",
        "fastcgi_temp_path /run/nginx/nginx-fastcgi;",
        "uwsgi_temp_path /run/nginx/nginx-uwsgi;",
        "scgi_temp_path /run/nginx/nginx-scgi;",
      ]);
    });

    it("listens on an unprivileged port inside the container, 8080 unless told otherwise", () => {
      expect(blockLines(render(), "server")[0]).toBe("listen 8080 default_server;");
      const custom = render({}, { ...NGINX_OPTIONS, listenPort: 9000 });
      expect(blockLines(custom, "server")[0]).toBe("listen 9000 default_server;");
    });

    it("leaves daemon and user to the container's command, so the official image's CMD works", () => {
      expect(render()).not.toMatch(/^\s*(daemon|user) /m);
    });

    it("does not hide the API's X-Mode headers", () => {
      expect(render()).not.toMatch(/proxy_hide_header X-(Upstream-)?Mode/);
    });
  });

  it.each([
    ["an upstream host", { ...NGINX_OPTIONS, upstreamHosts: { stable: "api;evil", canary: "c" } }],
    ["an access log path", { ...NGINX_OPTIONS, accessLogPath: "/var/log/a b" }],
    ["a runtime directory", { ...NGINX_OPTIONS, runtimeDir: "/tmp}" }],
  ])("refuses %s that could break out of its directive", (_what, options) => {
    expect(() => renderNginxConf(manifestWith(), options)).toThrow(SwiftDeployError);
  });
});
