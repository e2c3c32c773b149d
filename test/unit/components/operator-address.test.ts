import { describe, expect, it } from "vitest";
import {
  parseSshClient,
  REMEMBERED_OPERATORS,
  rememberOperator,
  renderOperators,
} from "../../../components/operator-address";

describe("the operator's address from $SSH_CLIENT", () => {
  it.each([
    ["172.31.250.1 51234 22", "172.31.250.1"],
    ["2001:db8::5 40000 22\n", "2001:db8::5"],
    ["", undefined],
  ])("%j gives %s", (value, expected) => {
    expect(parseSshClient(value)).toBe(expected);
  });
});

describe("remembered operators", () => {
  it("adds a new deployer after those who deployed before", () => {
    expect(rememberOperator(["192.0.2.1", "192.0.2.2"], "2001:db8::5")).toEqual([
      "192.0.2.1",
      "192.0.2.2",
      "2001:db8::5",
    ]);
  });

  it("keeps a returning deployer in place, so a team taking turns changes nothing", () => {
    const team = ["192.0.2.1", "192.0.2.2"];
    expect(rememberOperator(team, "192.0.2.1")).toEqual(team);
    expect(rememberOperator(team, "192.0.2.2")).toEqual(team);
  });

  it("forgets the earliest once more than the limit have deployed", () => {
    const many = Array.from({ length: REMEMBERED_OPERATORS }, (_, i) => `192.0.2.${i + 1}`);
    const after = rememberOperator(many, "198.51.100.9");
    expect(after).toHaveLength(REMEMBERED_OPERATORS);
    expect(after[0]).toBe("192.0.2.2");
    expect(after.at(-1)).toBe("198.51.100.9");
  });

  it("drops blank lines, duplicates and anything that is not an address from the host's file", () => {
    const file = "192.0.2.1\n\n  192.0.2.1 \nnot-an-address\n10.0.0.0/8\n2001:db8::5\n".split("\n");
    expect(rememberOperator(file, undefined)).toEqual(["192.0.2.1", "2001:db8::5"]);
  });

  it("starts from this deployer alone on a host that remembers no one", () => {
    expect(rememberOperator([""], "192.0.2.7")).toEqual(["192.0.2.7"]);
    expect(rememberOperator([], undefined)).toEqual([]);
  });

  it("writes one address per line, and the file reads back as it was written", () => {
    const addresses = ["192.0.2.1", "2001:db8::5"];
    const file = renderOperators(addresses);
    expect(file).toBe("192.0.2.1\n2001:db8::5\n");
    expect(rememberOperator(file.split("\n"), undefined)).toEqual(addresses);
  });
});
