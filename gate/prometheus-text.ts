/** One sample of Prometheus's text exposition format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string): number {
  switch (text) {
    case "+Inf":
      return Number.POSITIVE_INFINITY;
    case "-Inf":
      return Number.NEGATIVE_INFINITY;
    case "NaN":
      return Number.NaN;
    default:
      return text.trim() === "" ? Number.NaN : Number(text);
  }
}

/** Parses `{a="x",b="y\"z"}` at the start of `rest`; returns the labels and what follows. */
function parseLabels(rest: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let at = 1;
  for (;;) {
    while (rest[at] === " " || rest[at] === ",") at += 1;
    if (rest[at] === "}") return { labels, rest: rest.slice(at + 1) };
    const name = LABEL_NAME.exec(rest.slice(at))?.[0];
    if (
      name === undefined ||
      rest[at + name.length] !== "=" ||
      rest[at + name.length + 1] !== '"'
    ) {
      throw new Error(`malformed labels in metrics line: ${line}`);
    }
    at += name.length + 2;
    let value = "";
    while (rest[at] !== '"') {
      if (at >= rest.length) throw new Error(`unterminated label value in metrics line: ${line}`);
      if (rest[at] === "\\") {
        const next = rest[at + 1];
        value += next === "n" ? "\n" : (next ?? "");
        at += 2;
      } else {
        value += rest[at];
        at += 1;
      }
    }
    labels[name] = value;
    at += 1;
  }
}

/** Parses a /metrics page (Prometheus text format 0.0.4); comments and blank lines are skipped. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const name = NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`malformed metrics line: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) ({ labels, rest } = parseLabels(rest, line));
    const value = parseValue(rest.trim().split(/\s+/)[0] ?? "");
    samples.push({ name, labels, value });
  }
  return samples;
}
