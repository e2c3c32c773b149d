import { describe, expect, it } from "vitest";
import { checkPassphrase } from "../../../../cli/engine/passphrase-guard";

const noFile = () => {
  throw new Error("no file");
};

describe("checkPassphrase", () => {
  it.each(["dev", "k8s"])(
    "lets the local stack %s (committed with the public salt) use the public dev passphrase",
    (stack) => {
      expect(() =>
        checkPassphrase(stack, { PULUMI_CONFIG_PASSPHRASE: "swiftdeploy-local-testbed" }, noFile),
      ).not.toThrow();
    },
  );

  it("refuses any other stack with the public dev passphrase, saying what to set", () => {
    expect(() =>
      checkPassphrase(
        "prod",
        {
          PULUMI_CONFIG_PASSPHRASE: "swiftdeploy-local-testbed",
          SWIFTDEPLOY_DEV_PASSPHRASE: "swiftdeploy-local-testbed",
        },
        noFile,
      ),
    ).toThrow(
      /refusing stack "prod": its secrets would be encrypted with the public dev passphrase[\s\S]*export PULUMI_CONFIG_PASSPHRASE=/,
    );
  });

  it("reads the passphrase file too", () => {
    expect(() =>
      checkPassphrase(
        "prod",
        { PULUMI_CONFIG_PASSPHRASE_FILE: "/p" },
        () => "swiftdeploy-local-testbed\n",
      ),
    ).toThrow('refusing stack "prod"');
  });

  it("accepts another stack with its own passphrase", () => {
    expect(() =>
      checkPassphrase("prod", { PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple" }, noFile),
    ).not.toThrow();
  });
});
