import type {
  CheckResult,
  CreateResult,
  DiffResult,
  Provider,
  ReadResult,
  UpdateResult,
} from "@pulumi/pulumi/provider";
import { stackOfUrn, standInRefusal } from "../../shared/stand-in-guard";
import type { LogFactory, ResourceLog } from "./engine-log";
import type { WireRecord } from "./wire";
import { withoutUndefined } from "./wire";

/** What a handler knows about the resource it is working on. */
export interface ResourceContext {
  readonly urn: string;
  /** The resource's name in the program (last URN segment). */
  readonly name: string;
  readonly log: ResourceLog;
}

/** The lifecycle of one resource type, in the stand-in's terms. */
export interface ResourceHandler {
  readonly token: string;
  check(ctx: ResourceContext, olds: WireRecord, news: WireRecord): Promise<CheckResult>;
  diff(ctx: ResourceContext, id: string, olds: WireRecord, news: WireRecord): Promise<DiffResult>;
  create(ctx: ResourceContext, inputs: WireRecord): Promise<CreateResult>;
  read(ctx: ResourceContext, id: string, props: WireRecord): Promise<ReadResult>;
  update(
    ctx: ResourceContext,
    id: string,
    olds: WireRecord,
    news: WireRecord,
  ): Promise<UpdateResult>;
  delete(ctx: ResourceContext, id: string, props: WireRecord): Promise<void>;
}

/** Splits `urn:pulumi:stack::project::[parent$]type::name` into its type token and name. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return { type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

/**
 * A provider for the SDK's provider server that routes each call to the handler registered for
 * the resource's type token; an unknown token is an error naming it, and so is a resource of a
 * stack the stand-ins may not serve (`standInRefusal`, read from `env`).
 */
export function dispatchingProvider(
  pkg: string,
  version: string,
  handlers: readonly ResourceHandler[],
  logs: LogFactory,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Provider {
  const byToken = new Map(handlers.map((h) => [h.token, h]));
  const route = (urn: string): [ResourceHandler, ResourceContext] => {
    const refusal = standInRefusal(`pulumi-resource-${pkg}`, stackOfUrn(urn), env);
    if (refusal !== undefined) throw new Error(refusal);
    const { type, name } = parseUrn(urn);
    const handler = byToken.get(type);
    if (!handler) {
      throw new Error(
        `resource type ${type} is not supported by the stand-in provider (sandbox/providers/${pkg}); ` +
          `supported: ${[...byToken.keys()].join(", ")}`,
      );
    }
    return [handler, { urn, name, log: logs(urn) }];
  };
  return {
    version,
    check: async (urn, olds, news) => {
      const [h, ctx] = route(urn);
      const result = await h.check(ctx, olds ?? {}, news ?? {});
      return { ...result, inputs: withoutUndefined(result.inputs) };
    },
    diff: async (id, urn, olds, news) => {
      const [h, ctx] = route(urn);
      return h.diff(ctx, id, olds ?? {}, news ?? {});
    },
    create: async (urn, inputs) => {
      const [h, ctx] = route(urn);
      const result = await h.create(ctx, inputs ?? {});
      return { ...result, outs: withoutUndefined(result.outs) };
    },
    read: async (id, urn, props) => {
      const [h, ctx] = route(urn);
      const result = await h.read(ctx, id, props ?? {});
      return { ...result, props: withoutUndefined(result.props ?? {}) };
    },
    update: async (id, urn, olds, news) => {
      const [h, ctx] = route(urn);
      const result = await h.update(ctx, id, olds ?? {}, news ?? {});
      return { outs: withoutUndefined(result.outs) };
    },
    delete: async (id, urn, props) => {
      const [h, ctx] = route(urn);
      await h.delete(ctx, id, props ?? {});
    },
  };
}
