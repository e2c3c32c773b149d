import { describe, expect, it } from "vitest";
import {
  describeKey,
  fingerprint,
  hostKeyMismatch,
  parseHostKeys,
} from "../../../core/ssh-host-key";
import { parseStackConfig, pinnedHostKeys } from "../../../core/stack-config";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIwfJqTyGaDtVaub2mTzXK5wB/k2syW91tRNa7m/pdpk";
/** What `ssh-keygen -lf` printed for KEY. */
const KEY_FINGERPRINT = "SHA256:azWFQi3RDg3SnHtq2OUBz4O+mEyIHqEQ1gzo5hr7z48";

describe("pinned SSH host keys", () => {
  it.each([
    ["bare", KEY],
    ["a .pub file with its comment", `${KEY} root@host`],
    ["an ssh-keyscan line", `203.0.113.10 ${KEY}`],
    ["an ssh-keyscan line off port 22", `[203.0.113.10]:2222 ${KEY}`],
  ])("reads %s", (_what, text) => {
    const { keys, problems } = parseHostKeys(`# pinned on 2026-12-05\n${text}\n`);
    expect(problems).toEqual([]);
    expect(keys.map((k) => k.line)).toEqual([KEY]);
  });

  it("computes the fingerprint ssh-keygen shows", () => {
    const blob = parseHostKeys(KEY).keys[0]!.blob;
    expect(fingerprint(blob)).toBe(KEY_FINGERPRINT);
    expect(describeKey(blob)).toBe(`${KEY_FINGERPRINT} (ssh-ed25519)`);
  });

  it("refuses what is not a key, and a key whose blob is of another type", () => {
    const rsaBlob = Buffer.concat([
      Buffer.from([0, 0, 0, 7]),
      Buffer.from("ssh-rsa"),
      Buffer.alloc(8),
    ]);
    expect(parseHostKeys(`not a key\nssh-ed25519 ${rsaBlob.toString("base64")}`).problems).toEqual([
      'line 1: expected an OpenSSH public key such as "ssh-ed25519 AAAA…", found "not a key"',
      "line 2: the ssh-ed25519 key is not valid base64 of a ssh-ed25519 key",
    ]);
    expect(parseHostKeys("").problems).toEqual(["no key given"]);
  });

  it("says what was expected, what was found and what to do on a mismatch", () => {
    const other = parseHostKeys(KEY).keys;
    const presented = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from("ssh-ed25519"),
      Buffer.from([0, 0, 0, 32]),
      Buffer.alloc(32, 7),
    ]);
    const error = hostKeyMismatch("deploy@203.0.113.10:22", other, presented);
    expect(error.code).toBe("SD_HOST_KEY_MISMATCH");
    expect(error.message).toContain(
      `the SSH host key of deploy@203.0.113.10:22 is not the one pinned in swiftdeploy:sshHostKey: ` +
        `expected ${KEY_FINGERPRINT} (ssh-ed25519), found ${fingerprint(presented)} (ssh-ed25519); ` +
        "nothing was run on the host",
    );
    expect(error.message).toContain("ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
    expect(error.message).toContain("may be intercepting the connection");
  });
});

describe("the stack's host key settings", () => {
  const base = { hasSshPrivateKey: true };

  it('refuses "yes" without a pinned key, saying how to pin one', () => {
    expect(() => parseStackConfig({ ...base, sshStrictHostKeyChecking: "yes" }, "prod")).toThrow(
      /Pulumi\.prod\.yaml: the SSH host key settings are invalid\n {2}- swiftdeploy:sshStrictHostKeyChecking is "yes" but no host key is pinned: pin it: pulumi config set swiftdeploy:sshHostKey "\$\(ssh-keyscan -t ed25519 <host>\)"/,
    );
  });

  it('refuses a pinned key with "no", and a malformed key, naming the field', () => {
    expect(() =>
      parseStackConfig({ ...base, sshStrictHostKeyChecking: "no", sshHostKey: KEY }, "dev"),
    ).toThrow(/swiftdeploy:sshHostKey is set but swiftdeploy:sshStrictHostKeyChecking is "no"/);
    expect(() =>
      parseStackConfig({ ...base, sshStrictHostKeyChecking: "yes", sshHostKey: "AAAA" }, "prod"),
    ).toThrow(/swiftdeploy:sshHostKey: expected an OpenSSH public key/);
  });

  it.each([
    ["yes", KEY, [KEY]],
    ["accept-new", KEY, [KEY]],
    ["accept-new", undefined, undefined],
    ["no", undefined, undefined],
  ] as const)("with %s and key %s, every connection checks %j", (strict, key, expected) => {
    const config = parseStackConfig(
      { ...base, sshStrictHostKeyChecking: strict, sshHostKey: key },
      "s",
    );
    expect(pinnedHostKeys(config, "s")).toEqual(expected);
  });
});
