import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../../core/detector-settings";
import { renderNginxConf } from "../../../../components/render/nginx-conf";
import {
  HEADER_BUFFERS,
  worstCaseLogLineBytes,
} from "../../../../components/render/nginx-log-bounds";
import { ACCESS_LOG_FIELDS } from "../../../../core/access-log-layout";
import { manifestWith } from "../../../kit/manifest";
import { NGINX_OPTIONS, blockLines, configLines } from "../../../kit/nginx/config-lines";

const render = () => renderNginxConf(manifestWith(), NGINX_OPTIONS);

describe("nginx access log", () => {
  it("writes JSON with the detector's fields first, numbers unquoted, escaped as JSON", () => {
    const format = configLines(render()).find((l) => l.startsWith("log_format"));
    expect(format).toBe(
      "log_format swiftdeploy_json escape=json '{" +
        '"source_ip":"$remote_addr","peer_ip":"$realip_remote_addr","timestamp":"$time_iso8601",' +
        '"status":$status,"method":"$sd_log_method","path":"$sd_log_path",' +
        '"response_size":$body_bytes_sent,' +
        '"request_time":$request_time,"upstream_addr":"$upstream_addr",' +
        '"upstream_status":"$upstream_status","upstream_response_time":"$upstream_response_time",' +
        '"host":"$sd_log_host","user_agent":"$sd_log_user_agent","xff":"$sd_log_xff"' +
        "}';",
    );
  });

  it("starts with what the detector reads, so a line cut short still names its client", () => {
    expect(ACCESS_LOG_FIELDS.slice(0, 4).map((f) => f.name)).toEqual([
      "source_ip",
      "peer_ip",
      "timestamp",
      "status",
    ]);
  });

  it("caps every client-controlled field with a map that keeps its first bytes and marks the cut", () => {
    expect(blockLines(render(), "map $http_user_agent $sd_log_user_agent")).toEqual([
      '"~(?s)^(?<sd_cut_user_agent>.{256})." "${sd_cut_user_agent}...";',
      "default $http_user_agent;",
    ]);
    expect(
      ACCESS_LOG_FIELDS.filter((f) => f.maxBytes !== undefined).map((f) => [f.value, f.maxBytes]),
    ).toEqual([
      ["$request_method", 16],
      ["$uri", 1024],
      ["$host", 255],
      ["$http_user_agent", 256],
      ["$http_x_forwarded_for", 512],
    ]);
  });

  it("cannot write a line longer than the detector reads whole, even with every byte escaped", () => {
    const detectorLimit = DetectorSettingsSchema.parse({}).badLines.maxLineBytes;
    expect(worstCaseLogLineBytes()).toBe(13_144);
    expect(worstCaseLogLineBytes()).toBeLessThan(detectorLimit);
  });

  it("sets the request header buffers on purpose instead of inheriting them", () => {
    expect(HEADER_BUFFERS).toEqual({ initialKb: 1, largeCount: 4, largeKb: 8 });
    expect(configLines(render())).toEqual(
      expect.arrayContaining([
        "client_header_buffer_size 1k;",
        "large_client_header_buffers 4 8k;",
      ]),
    );
  });

  it("logs to the path the components give, unbuffered so the detector sees lines at once", () => {
    expect(configLines(render())).toContain(
      "access_log /var/log/swiftdeploy/access.json swiftdeploy_json;",
    );
  });
});
