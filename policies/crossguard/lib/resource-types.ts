import type { Unwrap } from "@pulumi/pulumi";
import type { ContainerArgs, NetworkArgs, RemoteImageArgs } from "@pulumi/docker";
import type { CommandArgs as RemoteCommandArgs } from "@pulumi/command/remote";

/** Type tokens of the resources the pack judges, as the engine names them. */
export const ResourceType = {
  Container: "docker:index/container:Container",
  Network: "docker:index/network:Network",
  Image: "docker:index/image:Image",
  RemoteImage: "docker:index/remoteImage:RemoteImage",
  RemoteCommand: "command:remote:Command",
  LocalCommand: "command:local:Command",
} as const;
export type ResourceType = (typeof ResourceType)[keyof typeof ResourceType];

// The analyzer sees resource inputs with the SDKs' camelCase names; typing them from the SDKs'
// own argument types keeps every property name the policies read checked by the compiler.

/** A container's inputs as the analyzer presents them. */
export type ContainerProps = Partial<Unwrap<ContainerArgs>>;
/** A network's inputs as the analyzer presents them. */
export type NetworkProps = Partial<Unwrap<NetworkArgs>>;
/** A remote image's inputs as the analyzer presents them. */
export type RemoteImageProps = Partial<Unwrap<RemoteImageArgs>>;
/** A remote (or local) command's inputs as the analyzer presents them. */
export type CommandProps = Partial<Unwrap<RemoteCommandArgs>>;
