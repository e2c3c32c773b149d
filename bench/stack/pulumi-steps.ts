// Where a `pulumi up` spends its time, from the engine events `pulumi up --json` streams to stdout:
// each resource step from its resourcePreEvent to its resOutputsEvent. The engine stamps events
// in whole seconds, so a step reads to ±1 s.

/** One resource step of an update, in seconds from the update's first event. */
export interface PulumiStep {
  /** The resource's name (the URN's last segment). */
  readonly name: string;
  readonly type: string;
  readonly op: string;
  readonly startS: number;
  readonly tookS: number;
}

interface StepMetadata {
  readonly urn?: string;
  readonly type?: string;
  readonly op?: string;
}

interface EngineEvent {
  readonly timestamp?: number;
  readonly resourcePreEvent?: { readonly metadata?: StepMetadata };
  readonly resOutputsEvent?: { readonly metadata?: StepMetadata };
}

/** The top-level JSON objects of `text`, one after the other, however each is laid out. */
export function jsonObjects(text: string): unknown[] {
  const objects: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth === 0) start = i;
      depth++;
    } else if (c === "}" && depth > 0 && --depth === 0) {
      objects.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return objects;
}

/**
 * The steps of the update whose engine events `events` holds (JSON objects, one after the other)
 * that did something (not `same`, not the stack or a component), slowest first.
 */
export function pulumiSteps(eventStream: string): PulumiStep[] {
  const events = jsonObjects(eventStream) as EngineEvent[];
  const first = events.find((e) => e.timestamp !== undefined)?.timestamp ?? 0;
  const started = new Map<string, { at: number; type: string; op: string }>();
  const steps: PulumiStep[] = [];
  for (const event of events) {
    const at = (event.timestamp ?? first) - first;
    const pre = event.resourcePreEvent?.metadata;
    if (pre?.urn !== undefined) {
      started.set(pre.urn, { at, type: pre.type ?? "?", op: pre.op ?? "?" });
      continue;
    }
    const done = event.resOutputsEvent?.metadata;
    const start = done?.urn === undefined ? undefined : started.get(done.urn);
    if (done?.urn === undefined || start === undefined) continue;
    if (start.op === "same" || !start.type.includes(":") || start.type.startsWith("swiftdeploy:"))
      continue;
    if (start.type === "pulumi:pulumi:Stack") continue;
    steps.push({
      name: done.urn.slice(done.urn.lastIndexOf("::") + 2),
      type: start.type,
      op: start.op,
      startS: start.at,
      tookS: at - start.at,
    });
  }
  return steps.sort((a, b) => b.tookS - a.tookS || a.startS - b.startS);
}

/** The slowest `count` steps as table rows: name, type, "+start s", "took s". */
export function slowestStepRows(steps: readonly PulumiStep[], count: number): string[][] {
  return steps
    .slice(0, count)
    .map((s) => [s.name, s.type, `starts at +${s.startS} s`, `takes ${s.tookS} s`]);
}
