import type { WireRecord } from "../shared/wire";
import { reveal } from "../shared/wire";

/** The parts of `docker container inspect` the stand-in reads. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  State: {
    Status: string;
    Running: boolean;
    ExitCode: number;
    Health?: { Status: string; Log?: { Output: string; ExitCode: number }[] };
  };
  Config: { Hostname: string; Healthcheck?: { Test?: string[] } };
  NetworkSettings: {
    Bridge: string;
    Networks: Record<
      string,
      {
        IPAddress: string;
        IPPrefixLen: number;
        Gateway: string;
        GlobalIPv6Address: string;
        GlobalIPv6PrefixLen: number;
        IPv6Gateway: string;
        MacAddress: string;
      }
    >;
  };
}

/**
 * Outputs of a container: the inputs as given (secrets stay wrapped) plus what the engine reports,
 * under the official output names (`networkDatas`, `bridge`, `exitCode`, …).
 */
export function containerOutputs(
  props: WireRecord,
  live: ContainerInspect,
  extra: WireRecord = {},
): WireRecord {
  return {
    ...props,
    name: props["name"] ?? live.Name.replace(/^\//, ""),
    hostname: props["hostname"] ?? live.Config.Hostname,
    bridge: live.NetworkSettings.Bridge,
    networkDatas: Object.entries(live.NetworkSettings.Networks ?? {}).map(([networkName, n]) => ({
      networkName,
      ipAddress: n.IPAddress,
      ipPrefixLength: n.IPPrefixLen,
      gateway: n.Gateway,
      globalIpv6Address: n.GlobalIPv6Address,
      globalIpv6PrefixLength: n.GlobalIPv6PrefixLen,
      ipv6Gateway: n.IPv6Gateway,
      macAddress: n.MacAddress,
    })),
    exitCode: live.State.Running ? undefined : live.State.ExitCode,
    ...extra,
  };
}

/**
 * What refresh records: a container that must run but has stopped gets `mustRun: false`, so the
 * next update starts it again (the official provider's documented behaviour).
 */
export function refreshedOutputs(props: WireRecord, live: ContainerInspect): WireRecord {
  const mustRun = reveal<boolean | undefined>(props["mustRun"]) ?? true;
  const outs = containerOutputs(props, live);
  if (mustRun && !live.State.Running) outs["mustRun"] = false;
  return outs;
}

/** The last health probe output, for error messages. */
export function lastHealthOutput(live: ContainerInspect): string {
  const log = live.State.Health?.Log ?? [];
  const last = log[log.length - 1];
  return last ? `last probe exit ${last.ExitCode}: ${last.Output.trim()}` : "no probe has run yet";
}
