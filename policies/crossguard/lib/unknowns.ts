// During preview, values that depend on resources not yet created are unknown. @pulumi/policy hands
// policies a proxy that throws on reading one, and turns that into an advisory "can't run policy
// during preview" warning. Policies here stay quiet instead: what is unknown is judged at `up`.

/** Stands for a value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown at preview");
export type Unknown = typeof UNKNOWN;

/** True for the error @pulumi/policy's proxy throws when an unknown value is read. */
export function isUnknownValueError(error: unknown): boolean {
  return (
    error instanceof Error &&
    "unknownTypeSentinel" in error &&
    Array.isArray((error as { props?: unknown }).props)
  );
}

/** Runs `read`, returning UNKNOWN if it touched a value that is unknown at preview. */
export function known<T>(read: () => T): T | Unknown {
  try {
    return read();
  } catch (error) {
    if (isUnknownValueError(error)) return UNKNOWN;
    throw error;
  }
}

/** Runs `check`, silently skipping it if it touched a value that is unknown at preview. */
export function quietWhenUnknown(check: () => void): void {
  known(check);
}
