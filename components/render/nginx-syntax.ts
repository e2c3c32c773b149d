import { ErrorCode, SwiftDeployError } from "../../core/errors";

/** A directive line ("listen 8080") or a block with nested nodes. */
export type NginxNode = string | { readonly block: string; readonly body: readonly NginxNode[] };

/** `name arg…;` — arguments must already be safe tokens or quoted strings. */
export function directive(name: string, ...args: readonly (string | number)[]): string {
  return [name, ...args.map(String)].join(" ");
}

/** `head { body }`. */
export function block(head: string, body: readonly NginxNode[]): NginxNode {
  return { block: head, body };
}

/** A double-quoted nginx string; `$` stays live so variables expand. */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** Render nodes with four-space indentation and a trailing newline. */
export function renderNginx(nodes: readonly NginxNode[], depth = 0): string {
  const pad = "    ".repeat(depth);
  return nodes
    .map((node) =>
      typeof node === "string"
        ? `${pad}${node};\n`
        : `${pad}${node.block} {\n${renderNginx(node.body, depth + 1)}${pad}}\n`,
    )
    .join("");
}

const SAFE_TOKEN = /^[A-Za-z0-9._:/[\]-]+$/;

/**
 * A render option that lands in the config unquoted (host name, path): refused if it could break
 * out of its directive, since options come from code, not from the validated manifest.
 */
export function safeToken(value: string, what: string): string {
  if (!SAFE_TOKEN.test(value)) {
    throw new SwiftDeployError(
      ErrorCode.ConfigInvalid,
      `nginx ${what} ${JSON.stringify(value)} must contain only letters, digits and . _ : / [ ] -`,
    );
  }
  return value;
}
