import { describe, expect, it } from "vitest";
import type { SwiftDeployError } from "../../../core/errors";
import { checkHostAccess, type PreflightSession } from "../../../components/host-preflight";

const target = { host: "203.0.113.10", port: 22, user: "deploy", privateKey: "k" };

/** A session whose commands fail with the given stderr (others succeed), recording what ran. */
function twin(failures: Record<string, string> = {}) {
  const ran: string[] = [];
  let closed = false;
  const session: PreflightSession = {
    exec: async (command) => {
      ran.push(command);
      const stderr = failures[command.split(" ")[0] ?? ""];
      if (stderr !== undefined) throw new Error(`\`${command}\` exited 1: ${stderr}`);
      return "";
    },
    close: () => {
      closed = true;
    },
  };
  return { ran, closed: () => closed, connect: async () => session };
}

async function failure(run: Promise<void>): Promise<SwiftDeployError> {
  try {
    await run;
  } catch (error) {
    return error as SwiftDeployError;
  }
  throw new Error("expected SD_HOST_ACCESS");
}

describe("the host preflight", () => {
  it("checks sudo without a password and Docker, then closes the session", async () => {
    const host = twin();
    await checkHostAccess(target, host.connect);
    expect(host.ran).toEqual(["sudo -n true", "docker version --format '{{.Server.Version}}'"]);
    expect(host.closed()).toBe(true);
  });

  it("names host.user and the sudoers line to add when sudo wants a password", async () => {
    const host = twin({ sudo: "sudo: a password is required" });
    const error = await failure(checkHostAccess(target, host.connect));
    expect(error.code).toBe("SD_HOST_ACCESS");
    expect(error.message).toContain(
      "host.user deploy on 203.0.113.10:22 cannot do what the stack needs; nothing was changed",
    );
    expect(error.message).toContain(
      "`sudo -n true` failed for deploy (sudo: a password is required)",
    );
    expect(error.message).toContain(
      "echo 'deploy ALL=(root) NOPASSWD: ALL' > /etc/sudoers.d/swiftdeploy-deploy",
    );
    expect(error.message).not.toContain("usermod");
    expect(host.closed()).toBe(true);
  });

  it("says to add the user to the docker group when Docker refuses it", async () => {
    const host = twin({
      docker: "permission denied while trying to connect to the Docker daemon socket",
    });
    const error = await failure(checkHostAccess(target, host.connect));
    expect(error.message).toContain("usermod -aG docker deploy");
    expect(error.message).not.toContain("sudoers");
  });

  it("does not connect for root", async () => {
    const host = twin();
    await checkHostAccess({ ...target, user: "root" }, host.connect);
    expect(host.ran).toEqual([]);
  });
});
