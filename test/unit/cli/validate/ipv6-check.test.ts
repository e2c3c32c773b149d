import { describe, expect, it } from "vitest";
import { ipv6Check } from "../../../../cli/validate/host-checks";
import { manifestWith } from "../../../kit/manifest";

/** A live stack twin whose commands exit with `exitCode` and `output`. */
function liveTwin(exitCode = 0, output = "") {
  const ran: string[] = [];
  return {
    ran,
    run: async (command: string) => {
      ran.push(command);
      return { exitCode, output };
    },
  };
}

describe("validate: IPv6 clients seen as themselves", () => {
  it("passes with IPv6 off, saying IPv6 clients are refused, without asking the host", async () => {
    const live = liveTwin(1);
    expect(await ipv6Check(live, manifestWith({})).run()).toEqual({
      status: "pass",
      detail: "network.ipv6.enabled is false: published on 0.0.0.0 only, IPv6 clients are refused",
    });
    expect(live.ran).toEqual([]);
  });

  it("passes a host whose Docker publishes IPv6 with ip6tables", async () => {
    const live = liveTwin();
    const check = ipv6Check(live, manifestWith({ network: { ipv6: { enabled: true } } }));
    expect((await check.run()).status).toBe("pass");
    expect(live.ran).toEqual(["ip6tables -w -t nat -n -L DOCKER"]);
  });

  it("fails a host without ip6tables in Docker: IPv6 clients would be the gateway", async () => {
    const live = liveTwin(1, "ip6tables: No chain/target/match by that name.");
    const check = ipv6Check(
      live,
      manifestWith({ host: { user: "deploy" }, network: { ipv6: { enabled: true } } }),
    );
    await expect(check.run()).rejects.toThrow(
      "does not publish ports with ip6tables (`sudo -n ip6tables -w -t nat -n -L DOCKER` exited 1: ip6tables: No chain/target/match by that name.)",
    );
  });
});
