import { describe, expect, it } from "vitest";
import { IpsetEnforcer } from "../../../../detector/enforce/ipset-enforcer";
import { enforcementSettings, scriptedRunner } from "./kit";

const missing = {
  code: 1,
  stderr: "iptables: Bad rule (does a matching rule exist in that chain?).",
};

describe("the ipset backend", () => {
  it("sets up both sets and the rules in DOCKER-USER and INPUT, adding only the missing ones", async () => {
    const runner = scriptedRunner({
      "iptables -w -C INPUT": missing,
      "ip6tables -w -S DOCKER-USER": {
        code: 1,
        stderr: "ip6tables: No chain/target/match by that name.",
      },
      "ip6tables -w -C": missing,
    });
    const report = await new IpsetEnforcer(enforcementSettings(), runner).setup();
    expect(runner.lines().filter((l) => !l.includes(" -C ") && !l.includes(" -S "))).toEqual([
      "ipset create sd-v4 hash:net family inet hashsize 16384 maxelem 1048576 timeout 0 counters -exist",
      "ipset create sd-v6 hash:net family inet6 hashsize 16384 maxelem 1048576 timeout 0 counters -exist",
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src -p tcp -m multiport ! --dports 22 -m comment --comment swiftdeploy-detector:sd -j DROP",
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src ! -p tcp -m comment --comment swiftdeploy-detector:sd -j DROP",
      "ip6tables -w -I FORWARD 1 -m set --match-set sd-v6 src -m comment --comment swiftdeploy-detector:sd -j DROP",
      "ip6tables -w -I INPUT 1 -m set --match-set sd-v6 src -p tcp -m multiport ! --dports 22 -m comment --comment swiftdeploy-detector:sd -j DROP",
      "ip6tables -w -I INPUT 1 -m set --match-set sd-v6 src ! -p tcp -m comment --comment swiftdeploy-detector:sd -j DROP",
    ]);
    expect(report.rules).toEqual([
      "iptables DOCKER-USER",
      "iptables INPUT",
      "iptables INPUT",
      "ip6tables FORWARD",
      "ip6tables INPUT",
      "ip6tables INPUT",
    ]);
    expect(report.warnings).toEqual([
      "ip6tables: DOCKER-USER is not usable (ip6tables: No chain/target/match by that name.); forwarded traffic is banned in FORWARD",
    ]);
  });

  it("replaces an INPUT rule an older configuration left (every port dropped, SSH included)", async () => {
    const old =
      "-A INPUT -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP";
    const runner = scriptedRunner({
      "iptables -w -S INPUT": { stdout: `-P INPUT ACCEPT\n${old}\n` },
      "iptables -w -C INPUT": missing,
    });
    await new IpsetEnforcer(enforcementSettings({ ipv6: false }), runner).setup();
    expect(runner.lines().filter((l) => / -[DI] INPUT/.test(l))).toEqual([
      `iptables -w -D INPUT${old.slice("-A INPUT".length)}`,
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src -p tcp -m multiport ! --dports 22 -m comment --comment swiftdeploy-detector:sd -j DROP",
      "iptables -w -I INPUT 1 -m set --match-set sd-v4 src ! -p tcp -m comment --comment swiftdeploy-detector:sd -j DROP",
    ]);
  });

  it("leaves the rules alone when they are exactly the ones wanted", async () => {
    const runner = scriptedRunner({
      "iptables -w -S INPUT": {
        stdout:
          "-A INPUT -p tcp -m set --match-set sd-v4 src -m multiport ! --dports 22 -m comment --comment swiftdeploy-detector:sd -j DROP\n-A INPUT ! -p tcp -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP\n",
      },
    });
    await new IpsetEnforcer(enforcementSettings({ ipv6: false }), runner).setup();
    expect(runner.lines().filter((l) => / -[DI] /.test(l))).toEqual([]);
  });

  it("applies a whole batch in one `ipset restore -exist`", async () => {
    const runner = scriptedRunner();
    const result = await new IpsetEnforcer(enforcementSettings(), runner).apply({
      add: [{ key: "203.0.113.9", family: 4, timeoutSeconds: 600, except: [] }],
      remove: [{ key: "192.0.2.1", family: 4, except: [] }],
    });
    expect(runner.commands).toEqual([
      {
        argv: ["ipset", "restore", "-exist"],
        stdin: "del sd-v4 192.0.2.1\nadd sd-v4 203.0.113.9 timeout 600\n",
      },
    ]);
    expect(result).toEqual({ added: 1, removed: 1, failed: [] });
  });

  it("reports every addition a full set refuses instead of losing them silently, and applies the rest", async () => {
    let calls = 0;
    const runner = scriptedRunner();
    const full = new IpsetEnforcer(enforcementSettings(), {
      run: (argv, options) => {
        calls++;
        return calls === 1
          ? Promise.resolve({
              code: 1,
              stdout: "",
              stderr: "ipset v7.17: Error in line 2: Hash is full, cannot add more elements",
              ms: 1,
            })
          : runner.run(argv, options);
      },
    });
    const result = await full.apply({
      add: [
        { key: "203.0.113.1", family: 4, timeoutSeconds: 60, except: [] },
        { key: "203.0.113.2", family: 4, timeoutSeconds: 60, except: [] },
        { key: "2001:db8::/64", family: 6, timeoutSeconds: 60, except: [] },
      ],
      remove: [],
    });
    expect(result.failed).toEqual([
      { key: "203.0.113.2", error: "Hash is full, cannot add more elements" },
    ]);
    expect(runner.commands[0]!.stdin).toBe("add sd-v6 2001:db8::/64 timeout 60\n");
    expect(result.added).toBe(2);
  });

  it("tears down every tagged rule and both sets, and is a no-op when they are gone", async () => {
    const runner = scriptedRunner({
      "iptables -w -S INPUT": {
        stdout:
          "-P INPUT ACCEPT\n-A INPUT -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP\n",
      },
      "ip6tables -w -S": { code: 1 },
      "ipset list -n sd-v6": { code: 1 },
    });
    const report = await new IpsetEnforcer(enforcementSettings(), runner).teardown();
    expect(runner.lines().filter((l) => l.includes(" -D ") || l.includes("destroy"))).toEqual([
      "iptables -w -D INPUT -m set --match-set sd-v4 src -m comment --comment swiftdeploy-detector:sd -j DROP",
      "ipset destroy sd-v4",
    ]);
    expect(report).toEqual({ sets: ["sd-v4"], rules: ["iptables INPUT"], warnings: [] });
  });

  it("says which rule is missing when verifying", async () => {
    const runner = scriptedRunner({ "iptables -w -C DOCKER-USER": missing });
    const problems = await new IpsetEnforcer(enforcementSettings({ ipv6: false }), runner).verify();
    expect(problems).toEqual(["iptables rule for set sd-v4 is missing from DOCKER-USER"]);
  });

  describe("in FORWARD, where ip6tables has no DOCKER-USER (Docker 20.10)", () => {
    const noDockerUser = {
      "ip6tables -w -S DOCKER-USER": {
        code: 1,
        stderr: "ip6tables: No chain/target/match by that name.",
      },
    };
    // As ip6tables -S prints it: the tag holds a ':', so its comment is quoted.
    const ours =
      '-A FORWARD -m set --match-set sd-v6 src -m comment --comment "swiftdeploy-detector:sd" -j DROP';
    // What Docker 20.10 leaves after it made a network once the detector's rule was in place.
    const overtaken = `-P FORWARD DROP\n-A FORWARD -j DOCKER-ISOLATION-STAGE-1\n-A FORWARD -o br-1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A FORWARD -o br-1 -j DOCKER\n${ours}\n`;
    const forwardRule =
      "-m set --match-set sd-v6 src -m comment --comment swiftdeploy-detector:sd -j DROP";

    it("puts the rule first again when Docker's rules for a newer network went above it", async () => {
      const runner = scriptedRunner({
        ...noDockerUser,
        "ip6tables -w -S FORWARD": { stdout: overtaken },
      });
      await new IpsetEnforcer(enforcementSettings(), runner).setup();
      expect(runner.lines().filter((l) => / -[DI] FORWARD/.test(l))).toEqual([
        `ip6tables -w -D FORWARD ${forwardRule}`,
        `ip6tables -w -I FORWARD 1 ${forwardRule}`,
      ]);
    });

    it("leaves a rule that is still first alone", async () => {
      const runner = scriptedRunner({
        ...noDockerUser,
        "ip6tables -w -S FORWARD": {
          stdout: `-P FORWARD DROP\n${ours}\n-A FORWARD -o br-1 -j DOCKER\n`,
        },
      });
      await new IpsetEnforcer(enforcementSettings(), runner).setup();
      expect(runner.lines().filter((l) => / -[DI] FORWARD/.test(l))).toEqual([]);
    });

    it("finds nothing to report when the rule is still first", async () => {
      const runner = scriptedRunner({
        ...noDockerUser,
        "ip6tables -w -S FORWARD": { stdout: `-P FORWARD DROP\n${ours}\n-A FORWARD -j DOCKER\n` },
      });
      expect(await new IpsetEnforcer(enforcementSettings(), runner).verify()).toEqual([]);
    });

    it("reports an overtaken rule when verifying, so reconciliation restores it and alerts", async () => {
      const runner = scriptedRunner({
        ...noDockerUser,
        "ip6tables -w -S FORWARD": { stdout: overtaken },
      });
      expect(await new IpsetEnforcer(enforcementSettings(), runner).verify()).toEqual([
        "ip6tables rule for set sd-v6 is no longer first in FORWARD: rules Docker added since accept banned clients before it",
      ]);
    });
  });
});
