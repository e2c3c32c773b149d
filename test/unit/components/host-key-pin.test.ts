import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyHostKey } from "../../../components/host-key-pin";
import { SshSession, type SshTarget } from "../../../components/ssh-session";
import { ErrorCode, SwiftDeployError } from "../../../core/errors";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIwfJqTyGaDtVaub2mTzXK5wB/k2syW91tRNa7m/pdpk";
const TARGET: SshTarget = { host: "h", port: 22, user: "u", privateKey: "k", hostKeys: [KEY] };
const noWait = () => Promise.resolve();
const session = { hostKey: KEY, close: () => undefined } as unknown as SshSession;

afterEach(() => vi.restoreAllMocks());

describe("the host key preflight", () => {
  it("tries a host that cannot be reached yet again, and resolves with the key it presented", async () => {
    const connect = vi
      .spyOn(SshSession, "connect")
      .mockRejectedValueOnce(new SwiftDeployError(ErrorCode.RemoteFailed, "ECONNREFUSED"))
      .mockRejectedValueOnce(new SwiftDeployError(ErrorCode.RemoteFailed, "ECONNREFUSED"))
      .mockResolvedValue(session);
    expect(await verifyHostKey(TARGET, 10, noWait)).toBe(KEY);
    expect(connect).toHaveBeenCalledTimes(3);
  });

  it("never tries a host with the wrong key again", async () => {
    const mismatch = new SwiftDeployError(ErrorCode.HostKeyMismatch, "not the one pinned");
    const connect = vi.spyOn(SshSession, "connect").mockRejectedValue(mismatch);
    await expect(verifyHostKey(TARGET, 10, noWait)).rejects.toBe(mismatch);
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it("gives up after its attempts with the last error", async () => {
    const down = new SwiftDeployError(ErrorCode.RemoteFailed, "EHOSTUNREACH");
    const connect = vi.spyOn(SshSession, "connect").mockRejectedValue(down);
    await expect(verifyHostKey(TARGET, 3, noWait)).rejects.toBe(down);
    expect(connect).toHaveBeenCalledTimes(3);
  });
});
