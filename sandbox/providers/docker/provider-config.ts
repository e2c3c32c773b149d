import type { InputSchema } from "../shared/input-schema";
import { list, updates, value } from "../shared/input-schema";
import type { ProviderConfigHooks } from "../shared/provider-config-hook";
import { unsupportedInputs } from "../shared/unsupported-inputs";
import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";
import type { DockerSettings } from "./docker-cli";

/**
 * Provider settings the stand-in honours: `host` (unix://, tcp:// or ssh://user@host, else the
 * docker CLI's own DOCKER_HOST/default) and `sshOpts`. TLS material, contexts and registry auth
 * are refused.
 */
export const DOCKER_CONFIG_SCHEMA: InputSchema = {
  host: updates(),
  sshOpts: updates(list(value)),
  disableDockerDaemonCheck: updates(),
  version: updates(),
};

/** Validation and intake of the docker provider configuration into `settings`. */
export function dockerConfigHooks(settings: DockerSettings): ProviderConfigHooks {
  return {
    check: (news) => unsupportedInputs(news, DOCKER_CONFIG_SCHEMA, "docker"),
    configure: (config: WireRecord) => {
      const failures = unsupportedInputs(config, DOCKER_CONFIG_SCHEMA, "docker");
      if (failures.length > 0) throw new Error(failures.map((f) => f.reason).join("; "));
      const host = reveal<string | undefined>(config["host"]);
      const sshOpts = reveal<string[] | string | undefined>(config["sshOpts"]);
      settings.host = host || undefined;
      // Through the legacy `variables` map a list arrives JSON-encoded.
      settings.sshOpts = typeof sshOpts === "string" ? (JSON.parse(sshOpts) as string[]) : sshOpts;
    },
  };
}
