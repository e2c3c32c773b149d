import { describe, expect, it } from "vitest";
import {
  changedKeys,
  diffBySchema,
  sameValue,
} from "../../../../../sandbox/providers/shared/diff-inputs";
import {
  computed,
  replaces,
  updates,
  value,
} from "../../../../../sandbox/providers/shared/input-schema";
import { secret } from "../../../../../sandbox/providers/shared/wire";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const schema = {
  name: replaces(),
  memory: updates(),
  restart: updates(value, "no"),
  driver: computed(replaces(value, "bridge")),
};

describe("diffBySchema", () => {
  it("finds no change when only secretness or member order differ", () => {
    expect(sameValue({ a: 1, b: [secret("x")] }, { b: ["x"], a: 1 })).toBe(true);
    expect(
      diffBySchema({ name: "n", memory: 64 }, { name: secret("n"), memory: 64 }, schema).changes,
    ).toBe(false);
  });

  it("applies official defaults and skips omitted optional+computed inputs", () => {
    expect(
      changedKeys({ name: "n", restart: "no", driver: "bridge" }, { name: "n" }, schema),
    ).toEqual([]);
  });

  it("updates in place for update keys and replaces for replace keys, delete-first when asked", () => {
    expect(diffBySchema({ name: "a", memory: 64 }, { name: "a", memory: 96 }, schema)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(diffBySchema({ name: "a" }, { name: "b" }, schema, true)).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
  });

  it("treats a value still unknown at preview as a change", () => {
    expect(changedKeys({ name: "a", memory: 64 }, { name: "a", memory: UNKNOWN }, schema)).toEqual([
      "memory",
    ]);
  });
});
