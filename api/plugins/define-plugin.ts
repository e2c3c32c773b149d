import type { FastifyPluginAsync } from "fastify";

/**
 * Marks a plugin the way `fastify-plugin` does, without the dependency: it is named (so others can
 * declare it as a dependency and fastify checks the order) and its hooks and handlers apply to the
 * whole app instead of an encapsulated child context.
 */
export function definePlugin<Options extends object>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
  dependencies: readonly string[] = [],
): FastifyPluginAsync<Options> {
  Object.assign(plugin, {
    [Symbol.for("skip-override")]: true,
    [Symbol.for("fastify.display-name")]: name,
    [Symbol.for("plugin-meta")]: { name, dependencies: [...dependencies] },
  });
  return plugin;
}
