import { describe, expect, it } from "vitest";
import { dockerSshOpts } from "../../../components/host-access";
import { knownHostsLines } from "../../../components/host-key-pin";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIwfJqTyGaDtVaub2mTzXK5wB/k2syW91tRNa7m/pdpk";

describe("the Docker CLI's ssh options", () => {
  it("with a pinned key, trust only the known_hosts file that holds it", () => {
    expect(dockerSshOpts("/k", "accept-new", "/h/known")).toEqual([
      "-i",
      "/k",
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      "UserKnownHostsFile=/h/known",
      "-o",
      "GlobalKnownHostsFile=/dev/null",
    ]);
  });

  it("without one, follow the stack's policy", () => {
    expect(dockerSshOpts("/k", "accept-new")).toEqual([
      "-i",
      "/k",
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "StrictHostKeyChecking=accept-new",
    ]);
    expect(dockerSshOpts("/k", "no").slice(-2)).toEqual(["-o", "UserKnownHostsFile=/dev/null"]);
  });

  it("name the host as OpenSSH looks it up, with the port when it is not 22", () => {
    expect(knownHostsLines("203.0.113.10", 22, [KEY])).toBe(`203.0.113.10 ${KEY}\n`);
    expect(knownHostsLines("203.0.113.10", 2222, [KEY])).toBe(`[203.0.113.10]:2222 ${KEY}\n`);
  });
});
