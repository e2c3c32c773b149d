import type * as grpc from "@grpc/grpc-js";
import type { CheckFailure } from "@pulumi/pulumi/provider";
import type { CheckRequest, ConfigureRequest } from "@pulumi/pulumi/proto/provider_pb";
import {
  CheckFailure as CheckFailureMessage,
  CheckResponse,
} from "@pulumi/pulumi/proto/provider_pb";
import { sdkGrpc } from "../../shared/sdk-modules";
import type { WireRecord } from "./wire";

/** How a stand-in validates and receives its provider configuration (e.g. docker's `host`). */
export interface ProviderConfigHooks {
  check(news: WireRecord): CheckFailure[];
  configure(config: WireRecord): void;
}

type Impl = Record<string, (call: unknown, callback: grpc.sendUnaryData<unknown>) => void>;

function configFromRequest(request: ConfigureRequest): WireRecord {
  const args = request.getArgs()?.toJavaScript();
  if (args) return args as WireRecord;
  const config: WireRecord = {};
  request.getVariablesMap().forEach((value, key) => {
    config[key.replace(/^[^:]+:config:/, "")] = value;
  });
  return config;
}

/**
 * The SDK's provider server (`@pulumi/pulumi/provider` main) answers Configure without handing the
 * configuration to the provider and leaves CheckConfig unimplemented. This wraps those two RPCs of
 * the ResourceProvider service it registers, so provider settings are validated and honoured.
 * Call once, before `main()`.
 */
export function hookProviderConfig(hooks: ProviderConfigHooks): void {
  const server = sdkGrpc().Server.prototype;
  const addService = server.addService;
  server.addService = function (this: grpc.Server, service, implementation) {
    const base = implementation as unknown as Impl;
    if (!("configure" in service) || typeof base["configure"] !== "function") {
      return addService.call(this, service, implementation);
    }
    const wrapped = Object.create(base) as Impl;
    wrapped["configure"] = (call, callback) => {
      try {
        hooks.configure(configFromRequest((call as { request: ConfigureRequest }).request));
      } catch (error) {
        callback(error as Error);
        return;
      }
      (base["configure"] as Impl[string]).call(wrapped, call, callback);
    };
    wrapped["checkConfig"] = (call, callback) => {
      const news = ((call as { request: CheckRequest }).request.getNews()?.toJavaScript() ??
        {}) as WireRecord;
      const response = new CheckResponse().setInputs(
        (call as { request: CheckRequest }).request.getNews(),
      );
      response.setFailuresList(
        hooks
          .check(news)
          .map((f) => new CheckFailureMessage().setProperty(f.property).setReason(f.reason)),
      );
      callback(null, response);
    };
    return addService.call(this, service, wrapped as unknown as grpc.UntypedServiceImplementation);
  };
}
