import { hostname, userInfo } from "node:os";

/** The variable that names the actor for automation (a CI job, a runbook bot). */
export const ACTOR_ENV = "SWIFTDEPLOY_ACTOR";

/** Where the user and host names come from (tests pass fixed ones). */
export interface ActorSource {
  user(): string;
  host(): string;
}

const systemSource: ActorSource = {
  user: () => userInfo().username,
  host: () => hostname(),
};

/**
 * Who acts, as `user@host`, recorded with every operator action (history, the detector's audit
 * log, its alerts): SWIFTDEPLOY_ACTOR when set, else the login name and this machine's name.
 */
export function operatorActor(
  env: Readonly<Record<string, string | undefined>>,
  source: ActorSource = systemSource,
): string {
  const given = env[ACTOR_ENV]?.trim();
  if (given !== undefined && given !== "") return given.slice(0, 200);
  let user: string;
  try {
    user = source.user();
  } catch {
    // no passwd entry for the uid (a container running as an arbitrary user)
    user = env.USER ?? "unknown";
  }
  return `${user}@${source.host()}`;
}
