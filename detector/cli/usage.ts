/** Exit codes of `swiftdeploy-detector` (documented in detector/README.md). */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, SelfTestFailed: 3, Refused: 4 } as const;

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The help text. */
export const USAGE = `usage: swiftdeploy-detector <command> [options]

commands:
  replay FILE [--config FILE]   run the engine over a log file as fast as possible; print the
                                decisions as JSON lines, then a {"type":"summary",...} line
  run [--config FILE]           the daemon: follow the log, ban, alert, serve the dashboard;
                                SIGHUP reloads the config, SIGTERM stops (bans stay in force)
  install --config /etc/swiftdeploy/SERVICE/detector.json [--instance SERVICE]
          [--env-file FILE] --node BINARY
                                install and start swiftdeploy-detector@SERVICE (template
                                unit), the sets and the rules; retires an earlier single unit
  uninstall --config FILE [--instance SERVICE] [--env-file FILE] [--purge]
                                stop and remove the instance and every rule and set it created
  flush [--actor USER@HOST] [--config FILE]
                                lift every ban and remove the rules and sets (no uninstall)
  selftest [--config FILE] [--setup]
                                prove a banned address is dropped (root); exit 1 if not
  explain IP [--config FILE]    why an address is banned, on what evidence, until when
  bans [--permanent] [--config FILE]
                                list current (or permanent) bans
  ban IP --duration 2h [--reason TEXT] [--actor USER@HOST] [--config FILE]
                                ban an address or prefix by hand (rule operator; the daemon
                                must run); refused for allowlisted, loopback and host addresses
  unban IP|--permanent|--all [--actor USER@HOST] [--config FILE]
                                lift bans now
  breaker status|reset [--actor USER@HOST] [--config FILE]
                                show or reset the false-positive storm breaker
  status [--config FILE]        the daemon's status (exit 1 when it is not running)
  help                          show this text

--config FILE   detector settings (JSON or YAML; the manifest's detector: section). Default: built-in
                defaults. The alert webhook URL comes only from SWIFTDEPLOY_ALERT_WEBHOOK_URL.
--actor USER@HOST   who acts, for the audit log and the alert (default SWIFTDEPLOY_ACTOR, else
                    the login name @ this host)
exit codes: 0 ok, 1 failure, 2 bad usage or invalid config, 3 self-test failed (selftest.onFailure:
stop), 4 the daemon refused a manual ban (allowlisted, loopback or host address; too wide a prefix)`;
