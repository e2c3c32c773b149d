import { utils, type ParsedKey } from "ssh2";

/** Tries before giving up: each fails with odds of about 1 in 270 (measured: 11 of 3,000). */
const TRIES = 8;

/**
 * A fresh ed25519 key pair in OpenSSH format, and its parsed public key. ssh2's
 * `generateKeyPairSync("ed25519")` now and then writes a 31-byte public key (a leading zero byte
 * dropped) that ssh2 itself and sshd reject as malformed; such a pair is thrown away.
 */
export function ed25519KeyPair(comment?: string): {
  public: string;
  private: string;
  parsed: ParsedKey;
} {
  for (let i = 0; i < TRIES; i++) {
    const pair = utils.generateKeyPairSync("ed25519", comment === undefined ? {} : { comment });
    const parsed = utils.parseKey(pair.public);
    if (!(parsed instanceof Error) && !Array.isArray(parsed)) return { ...pair, parsed };
  }
  throw new Error(`ssh2 generated ${TRIES} malformed ed25519 key pairs in a row`);
}
