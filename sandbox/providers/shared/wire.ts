import {
  specialArchiveSig,
  specialAssetSig,
  specialSecretSig,
  specialSigKey,
  unknownValue,
} from "@pulumi/pulumi/runtime/rpc";

/**
 * Property values as the SDK's provider server hands them over (`Struct.toJavaScript()` of the
 * engine's wire format): secrets, assets and archives are objects tagged with a signature key,
 * values not known yet (preview) are a sentinel string.
 */
export type Wire = unknown;

/** A record of wire values keyed by property name. */
export type WireRecord = Record<string, Wire>;

function signature(value: Wire): unknown {
  return typeof value === "object" && value !== null
    ? (value as WireRecord)[specialSigKey]
    : undefined;
}

/** True for a value wrapped as a secret. */
export function isSecret(value: Wire): value is { value: Wire } {
  return signature(value) === specialSecretSig;
}

/** True for an asset (file, string or remote) or archive value. */
export function isAssetOrArchive(value: Wire): boolean {
  const sig = signature(value);
  return sig === specialAssetSig || sig === specialArchiveSig;
}

/** True for an archive value. */
export function isArchive(value: Wire): boolean {
  return signature(value) === specialArchiveSig;
}

/** Wraps a value so the engine stores and shows it as a secret. */
export function secret(value: Wire): Wire {
  return isSecret(value) ? value : { [specialSigKey]: specialSecretSig, value };
}

/** True when the value, or anything inside it, is not known yet (during preview). */
export function containsUnknowns(value: Wire): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknowns);
  return false;
}

/** The plain value with every secret wrapper removed, deeply; assets and archives kept as they are. */
export function reveal<T = unknown>(value: Wire): T {
  if (isSecret(value)) return reveal<T>(value.value);
  if (Array.isArray(value)) return value.map((item) => reveal(item)) as T;
  if (typeof value === "object" && value !== null && !isAssetOrArchive(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)])) as T;
  }
  return value as T;
}

/** Every string that sits inside a secret, so logs can blank them out. */
export function secretStrings(value: Wire, insideSecret = false): string[] {
  if (isSecret(value)) return secretStrings(value.value, true);
  if (typeof value === "string") return insideSecret && value !== "" ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((item) => secretStrings(item, insideSecret));
  if (typeof value === "object" && value !== null) {
    return Object.values(value).flatMap((item) => secretStrings(item, insideSecret));
  }
  return [];
}

/** Drops `undefined` members (the protobuf Struct encoder rejects them), deeply. */
export function withoutUndefined(value: Wire): Wire {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}
