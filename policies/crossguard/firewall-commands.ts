import { resourcePolicy } from "./lib/define-policy";
import { GuardrailPolicy } from "../../core/manifest/guardrails-schema";
import type { CommandProps } from "./lib/resource-types";
import { ResourceType } from "./lib/resource-types";

const FIREWALL_TOOL = /(^|[\s;&|(`/])(iptables|ip6tables|ipset|nft)(\s|$|;)/;

/** The firewall tool a command line runs, if any. */
export function firewallTool(command: string | undefined): string | undefined {
  return FIREWALL_TOOL.exec(command ?? "")?.[2];
}

/** A rule installed without a delete outlives the stack: `pulumi destroy` must take it away. */
export const firewallCommandsHaveDelete = resourcePolicy<CommandProps>({
  name: GuardrailPolicy.FirewallCommandsHaveDelete,
  description:
    "Commands whose create changes the firewall (iptables, ipset, nft) have a delete that undoes it.",
  types: [ResourceType.RemoteCommand, ResourceType.LocalCommand],
  check: ({ name, props, report }) => {
    const tool = firewallTool(props.create);
    if (tool !== undefined && (props.delete ?? "").trim() === "") {
      report(
        `command "${name}" runs ${tool} on create, so it must have a \`delete\` command that removes those rules and sets; otherwise \`pulumi destroy\` leaves them behind.`,
      );
    }
  },
});
