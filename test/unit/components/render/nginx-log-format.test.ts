import { describe, expect, it } from "vitest";
import { renderNginxConf } from "../../../../components/render/nginx-conf";
import { ACCESS_LOG_FIELDS } from "../../../../components/render/nginx-log-format";
import { manifestWith } from "../../kit/manifest";
import { NGINX_OPTIONS, configLines } from "../../kit/nginx";

const render = () => renderNginxConf(manifestWith(), NGINX_OPTIONS);

describe("nginx access log", () => {
  it("writes JSON with the detector's fields first, numbers unquoted, escaped as JSON", () => {
    const format = configLines(render()).find((l) => l.startsWith("log_format"));
    expect(format).toBe(
      "log_format swiftdeploy_json escape=json '{" +
        '"source_ip":"$remote_addr","timestamp":"$time_iso8601","method":"$request_method",' +
        '"path":"$uri","status":$status,"response_size":$body_bytes_sent,' +
        '"request_time":$request_time,"upstream_addr":"$upstream_addr",' +
        '"upstream_status":"$upstream_status","upstream_response_time":"$upstream_response_time",' +
        '"host":"$host","user_agent":"$http_user_agent","xff":"$http_x_forwarded_for"' +
        "}';",
    );
  });

  it("starts with exactly the detector's seed fields", () => {
    expect(ACCESS_LOG_FIELDS.slice(0, 6).map((f) => f.name)).toEqual([
      "source_ip",
      "timestamp",
      "method",
      "path",
      "status",
      "response_size",
    ]);
  });

  it("logs to the path the components give, unbuffered so the detector sees lines at once", () => {
    expect(configLines(render())).toContain(
      "access_log /var/log/swiftdeploy/access.json swiftdeploy_json;",
    );
  });
});
