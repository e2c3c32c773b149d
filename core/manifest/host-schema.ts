import { z } from "zod";
import { checked, port, text } from "./fields";
import { isHostOrAddress } from "./network-address";

/** The Docker host the stack is deployed to, reached over SSH. The key is never in the manifest. */
export const HostSchema = z
  .strictObject({
    address: checked(isHostOrAddress, 'a host name or IP address like "203.0.113.10"')
      .default("127.0.0.1")
      .describe("SSH address of the Docker host."),
    port: port().default(22).describe("SSH port of the Docker host."),
    user: text(/^[a-z_][a-z0-9_-]{0,31}$/, 'a Unix user name like "deploy"')
      .default("root")
      .describe(
        "SSH user: root, or a user in the docker group that may run root commands through sudo without a password (scripts/host/prepare-host.sh makes one); checked before anything is deployed (SD_HOST_ACCESS).",
      ),
  })
  .describe(
    "The Docker host, reached over SSH. The private key comes from the Pulumi secret swiftdeploy:sshPrivateKey, never from the manifest.",
  );

/** The typed `host` section. */
export type HostConfig = z.output<typeof HostSchema>;
