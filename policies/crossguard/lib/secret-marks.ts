// Which resource properties are Pulumi secrets. The engine sends them to the analyzer marked, but
// @pulumi/policy 1.21.0 unwraps the marks before policies run (validateResource and validateStack
// see plain values), so a policy cannot tell `pulumi.secret(x)` from `x`. `installSecretMarks`
// wraps the SDK's deserializer to note where the marks were, keyed by the props object it returns;
// `isSecretAt` looks them up. Without the hook nothing is known secret: stricter, never looser.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

type PathKey = string | number;

const marks = new WeakMap<object, readonly (readonly PathKey[])[]>();

// @pulumi/policy's proxies answer this key with the object they wrap (proxy.js getSpecialProxyTarget).
const PROXY_TARGET = "__getSpecialProxyTarget";

function targetOf(props: object): object {
  const target = (props as Record<string, unknown>)[PROXY_TARGET];
  return typeof target === "object" && target !== null ? targetOf(target) : props;
}

/** Paths of the secret-marked values in raw (still serialized) properties. */
export function findSecretPaths(raw: unknown, at: readonly PathKey[] = []): PathKey[][] {
  if (Array.isArray(raw))
    return raw.flatMap((item, index) => findSecretPaths(item, [...at, index]));
  if (typeof raw !== "object" || raw === null) return [];
  const record = raw as Record<string, unknown>;
  if (record[specialSigKey] === specialSecretSig) return [[...at]];
  return Object.entries(record).flatMap(([key, value]) => findSecretPaths(value, [...at, key]));
}

/** Notes that the values at `paths` of `props` were secrets (the hook and the test kit call it). */
export function recordSecretPaths(props: object, paths: readonly (readonly PathKey[])[]): void {
  marks.set(targetOf(props), paths);
}

/** True when the value at `path` of `props`, or anything containing it, was a Pulumi secret. */
export function isSecretAt(props: object, path: readonly PathKey[]): boolean {
  const paths = marks.get(targetOf(props)) ?? [];
  return paths.some(
    (secret) =>
      secret.length <= path.length && secret.every((key, i) => String(key) === String(path[i])),
  );
}

interface DeserializeModule {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): object;
  __swiftdeploySecretMarks?: true;
}

/**
 * Wraps @pulumi/policy's property deserializer so secret marks survive as `isSecretAt` answers.
 * Idempotent. Returns false (and changes nothing) if the SDK's internals are not as expected.
 */
export function installSecretMarks(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require("@pulumi/policy/deserialize") as DeserializeModule;
  if (mod.__swiftdeploySecretMarks === true) return true;
  const original = mod.deserializeProperties;
  if (typeof original !== "function") return false;
  mod.deserializeProperties = (struct, proxySecrets) => {
    const props = original(struct, proxySecrets);
    recordSecretPaths(props, findSecretPaths(struct.toJavaScript()));
    return props;
  };
  mod.__swiftdeploySecretMarks = true;
  return true;
}
