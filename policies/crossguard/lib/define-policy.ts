import type {
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { configOf } from "./config";
import type { GuardrailPolicy } from "../../../core/manifest/guardrails-schema";
import type { K8sType } from "./kubernetes";
import type { ResourceType } from "./resource-types";
import { quietWhenUnknown } from "./unknowns";

/** What a resource check gets: the resource, its props typed as `P`, the config, a reporter. */
export interface ResourceCheck<P, C> {
  readonly name: string;
  readonly type: string;
  readonly props: P;
  readonly config: C;
  readonly args: ResourceValidationArgs;
  report(message: string): void;
}

interface Described<C extends object> {
  readonly name: GuardrailPolicy;
  readonly description: string;
  /** Config keys beyond `enforcementLevel`, with their defaults. */
  readonly defaults?: C;
  readonly configSchema?: PolicyConfigSchema;
}

/**
 * A resource policy for the given types. The check runs once per resource of those types; if it
 * reads a value unknown at preview it is skipped silently (it runs again at `up`, with values).
 */
export function resourcePolicy<P, C extends object = Record<string, never>>(
  spec: Described<C> & {
    readonly types: readonly (ResourceType | K8sType)[];
    readonly check: (resource: ResourceCheck<P, C>) => void;
  },
): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    ...(spec.configSchema === undefined ? {} : { configSchema: spec.configSchema }),
    validateResource: (args, reportViolation) => {
      if (!(spec.types as readonly string[]).includes(args.type)) return;
      const config = configOf(args, spec.defaults ?? ({} as C));
      quietWhenUnknown(() =>
        spec.check({
          name: args.name,
          type: args.type,
          props: args.props as P,
          config,
          args,
          report: (message) => reportViolation(message),
        }),
      );
    },
  };
}

/** A stack policy: sees every resource at the end of preview/up. */
export function stackPolicy<C extends object = Record<string, never>>(
  spec: Described<C> & {
    readonly check: (
      args: StackValidationArgs,
      config: C,
      report: (message: string, urn?: string) => void,
    ) => void;
  },
): StackValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    ...(spec.configSchema === undefined ? {} : { configSchema: spec.configSchema }),
    validateStack: (args, reportViolation) => {
      const config = configOf(args, spec.defaults ?? ({} as C));
      quietWhenUnknown(() => spec.check(args, config, reportViolation));
    },
  };
}
