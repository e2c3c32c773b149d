import fs from "node:fs";
import path from "node:path";
import { FAIL2BAN_FILTER } from "../fail2ban-filter";
import { must, sh } from "../../../test/kit/detector/sh";

/** A private fail2ban-server (own config dir, socket, in-memory database). */
export interface Fail2ban {
  readonly set: string;
  stop(): void;
}

/**
 * Starts Debian's fail2ban with one jail equivalent to the detector's floor: the same filter as the
 * replay bench, `maxretry` requests within `findtime` 60 s, pyinotify (reacts as lines arrive), and
 * the stock iptables-ipset action dropping the attacker in INPUT on the bench's port.
 */
export function startFail2ban(
  dir: string,
  log: string,
  port: number,
  maxretry: number,
  name: string,
): Fail2ban {
  fs.cpSync("/etc/fail2ban", dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(dir, "jail.d"))) fs.rmSync(path.join(dir, "jail.d", f));
  fs.writeFileSync(
    path.join(dir, "fail2ban.local"),
    `[Definition]\nloglevel = INFO\nlogtarget = ${dir}/f2b.log\nsocket = ${dir}/f2b.sock\npidfile = ${dir}/f2b.pid\ndbfile = :memory:\n`,
  );
  fs.writeFileSync(path.join(dir, "filter.d", "swiftdeploy-json.conf"), FAIL2BAN_FILTER);
  fs.writeFileSync(
    path.join(dir, "jail.local"),
    `[${name}]\nenabled = true\nfilter = swiftdeploy-json\nlogpath = ${log}\nbackend = pyinotify\n` +
      `maxretry = ${maxretry}\nfindtime = 60\nbantime = 600\n` +
      `action = iptables-ipset[name=${name}, port="${port}", protocol=tcp, chain=INPUT, blocktype=DROP]\n`,
  );
  const client = ["fail2ban-client", "-c", dir, "-s", `${dir}/f2b.sock`, "-p", `${dir}/f2b.pid`];
  must([...client, "-x", "start"]);
  return {
    set: `f2b-${name}`,
    stop() {
      sh([...client, "stop"]);
      sh(["ipset", "destroy", `f2b-${name}`]);
    },
  };
}
