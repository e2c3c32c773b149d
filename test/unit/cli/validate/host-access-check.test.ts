import { describe, expect, it } from "vitest";
import { hostAccessCheck } from "../../../../cli/validate/host-checks";
import { manifestWith } from "../../../kit/manifest";

/** A live stack twin: commands whose first word is in `failing` exit 1 with that output. */
function liveTwin(failing: Record<string, string> = {}) {
  const ran: string[] = [];
  return {
    ran,
    run: async (command: string) => {
      ran.push(command);
      const output = failing[command.split(" ")[0] ?? ""];
      return output === undefined ? { exitCode: 0, output: "" } : { exitCode: 1, output };
    },
  };
}

describe("validate: the deploy user's rights", () => {
  it("passes root without running anything", async () => {
    const live = liveTwin();
    expect(await hostAccessCheck(live, manifestWith({})).run()).toEqual({
      status: "pass",
      detail: "root needs no sudo",
    });
    expect(live.ran).toEqual([]);
  });

  it("passes a deploy user with sudo -n and Docker", async () => {
    const live = liveTwin();
    const check = hostAccessCheck(live, manifestWith({ host: { user: "deploy" } }));
    expect(await check.run()).toEqual({
      status: "pass",
      detail: "deploy: sudo -n and Docker work",
    });
    expect(live.ran[0]).toBe("sudo -n true");
  });

  it("fails naming the sudoers line when sudo wants a password", async () => {
    const live = liveTwin({ sudo: "sudo: a password is required" });
    const check = hostAccessCheck(live, manifestWith({ host: { user: "deploy" } }));
    await expect(check.run()).rejects.toThrow(/deploy ALL=\(root\) NOPASSWD: ALL/);
  });
});
