/**
 * The part of an official resource schema a stand-in implements: for each input it accepts, whether
 * a change updates the resource in place or replaces it, the official default, and the shape of
 * nested values (so unsupported nested fields are refused too).
 */
export type Shape =
  | { readonly kind: "value" }
  | { readonly kind: "map" }
  | { readonly kind: "object"; readonly fields: Readonly<Record<string, Shape>> }
  | { readonly kind: "list"; readonly item: Shape };

/** One accepted input property. */
export interface InputSpec {
  readonly change: "replace" | "update";
  readonly shape?: Shape;
  readonly default?: unknown;
  /** Optional+computed: when the program leaves it out, the provider's value is not a change. */
  readonly computed?: boolean;
}

/** Accepted inputs of one resource type, keyed by their official (camelCase) names. */
export type InputSchema = Readonly<Record<string, InputSpec>>;

/** A scalar, or a list of scalars. */
export const value: Shape = { kind: "value" };
/** A string-to-string map with free keys. */
export const map: Shape = { kind: "map" };

/** An object whose listed fields are the only ones accepted. */
export function object(fields: Record<string, Shape>): Shape {
  return { kind: "object", fields };
}

/** A list whose items all have the given shape. */
export function list(item: Shape): Shape {
  return { kind: "list", item };
}

/** Shorthand for an input that replaces the resource when it changes. */
export function replaces(shape: Shape = value, defaultValue?: unknown): InputSpec {
  return { change: "replace", shape, default: defaultValue };
}

/** Marks an input as optional+computed (see `InputSpec.computed`). */
export function computed(spec: InputSpec): InputSpec {
  return { ...spec, computed: true };
}

/** Shorthand for an input that is updated in place when it changes. */
export function updates(shape: Shape = value, defaultValue?: unknown): InputSpec {
  return { change: "update", shape, default: defaultValue };
}
