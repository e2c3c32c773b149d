import { describe, expect, it } from "vitest";
import { BODY_LIMIT } from "../../../../api/app";
import { renderNginxConf } from "../../../../components/render/nginx-conf";
import type { ManifestInput } from "../../../../core/manifest";
import { manifestWith } from "../../../kit/manifest";
import { NGINX_OPTIONS, blockLines, configLines } from "../../../kit/nginx/config-lines";

const render = (sections: Partial<ManifestInput> = {}) =>
  renderNginxConf(manifestWith(sections), NGINX_OPTIONS);

describe("nginx.conf limits a manifest gets without asking", () => {
  it("caps each address's requests at once and its rate, with a burst, answering 429", () => {
    const conf = render();
    expect(configLines(conf)).toEqual(
      expect.arrayContaining([
        "limit_req_zone $binary_remote_addr zone=per_client_rate:10m rate=100r/s;",
        "limit_req_status 429;",
        "limit_conn_zone $binary_remote_addr zone=per_client_conn:10m;",
        "limit_conn_status 429;",
      ]),
    );
    expect(blockLines(conf, "server").filter((l) => l.startsWith("limit_"))).toEqual([
      "limit_req zone=per_client_rate burst=200 nodelay;",
      "limit_conn per_client_conn 50;",
    ]);
  });

  it("refuses bodies the API would refuse, before they reach it", () => {
    expect(configLines(render())).toContain(`client_max_body_size ${BODY_LIMIT / 1024}k;`);
  });

  it("cuts slow clients: headers, body, reading the answer, idle keep-alive", () => {
    expect(configLines(render())).toEqual(
      expect.arrayContaining([
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "send_timeout 10s;",
        "keepalive_timeout 15s;",
        "keepalive_requests 1000;",
        "reset_timedout_connection on;",
      ]),
    );
  });

  it("takes every limit from the manifest", () => {
    const lines = configLines(
      render({
        proxy: {
          maxBodyKb: 64,
          keepaliveRequests: 50,
          timeouts: { clientSendSeconds: 7 },
          rateLimit: { requestsPerSecond: 20, burst: 0, connectionsPerClient: 0 },
        },
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        "client_max_body_size 64k;",
        "send_timeout 7s;",
        "keepalive_requests 50;",
        "limit_req zone=per_client_rate;",
      ]),
    );
    expect(lines.filter((l) => l.startsWith("limit_conn"))).toEqual([]);
  });
});
