// pulumi-resource-command stand-in (see sandbox/README.md): runs remote commands and copies over
// real SSH (the ssh2 library) and local commands, for the official @pulumi/command types below.
import { serveStandIn } from "../shared/serve";
import { unsupportedInputs } from "../shared/unsupported-inputs";
import { copyToRemoteHandler } from "./copy-to-remote";
import { localCommandHandler } from "./local-command";
import { remoteCommandHandler } from "./remote-command";

void serveStandIn({
  pkg: "command",
  // The official command provider has no settings beyond its version.
  config: {
    check: (news) => unsupportedInputs(news, { version: { change: "update" } }, "command"),
    configure: () => undefined,
  },
  handlers: [remoteCommandHandler(), copyToRemoteHandler(), localCommandHandler()],
});
