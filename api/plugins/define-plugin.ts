import type { FastifyPluginAsync } from "fastify";

/** How a plugin meets the app. */
export interface PluginOptions {
  /** Plugins that must be registered first; fastify checks the order at registration. */
  readonly dependencies?: readonly string[];
  /**
   * Keep the plugin's hooks and handlers in its own child context (routes). By default they apply
   * to the whole app, which is what cross-cutting plugins (errors, headers, metrics) are for.
   */
  readonly encapsulate?: boolean;
}

/**
 * Names a plugin the way `fastify-plugin` does, without the dependency: the name shows in
 * `printPlugins()`, others can declare it as a dependency, and fastify checks that order.
 */
export function definePlugin<Options extends object>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
  { dependencies = [], encapsulate = false }: PluginOptions = {},
): FastifyPluginAsync<Options> {
  Object.assign(plugin, {
    [Symbol.for("skip-override")]: !encapsulate,
    [Symbol.for("fastify.display-name")]: name,
    [Symbol.for("plugin-meta")]: { name, dependencies: [...dependencies] },
  });
  return plugin;
}
