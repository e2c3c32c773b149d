import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderCrossGuardConfig } from "../../../../core/manifest/crossguard-config";
import { ACCESS_LOG_FIELDS } from "../../../../core/access-log-layout";
import { GuardrailsSchema, LEGACY_EXTRAS, manifestJsonSchema } from "../../../../core/manifest";
import { opaFieldSources } from "../../../../scripts/manifest/opa-fields";
import {
  MANIFEST_DOCS_PATH,
  extractBlock,
  renderFieldReference,
  renderLegacyExtrasTable,
  renderLogFieldTable,
  renderOpaTable,
  renderOverrideTable,
} from "../../../../scripts/manifest/reference";

const docs = readFileSync(path.resolve(__dirname, "../../../..", MANIFEST_DOCS_PATH), "utf8");

describe("docs/manifest.md (run `npm run schema` when these fail)", () => {
  it.each([
    ["fields", () => renderFieldReference(manifestJsonSchema())],
    ["overrides", () => renderOverrideTable()],
    ["opa-data", () => renderOpaTable(opaFieldSources())],
    ["log-fields", () => renderLogFieldTable(ACCESS_LOG_FIELDS)],
    ["legacy-extras", () => renderLegacyExtrasTable(LEGACY_EXTRAS)],
  ])("has the %s block generated from the code", (name, render) => {
    expect(extractBlock(docs, name)).toBe(render());
  });

  it("lists every field of the schema with its default", () => {
    const fields = extractBlock(docs, "fields") ?? "";
    for (const row of [
      "| `release.canary.weight` | integer 0–100 | **required** |",
      "| `proxy.publicPort` | integer 1–65535 | `8080` |",
      '| `images.opa` | string | `"openpolicyagent/opa:1.22.2-debug"` |',
      "| `alerts.webhookConfigKey` | string | unset |",
      "| `policy.promotion.maxErrorRate` | number 0–1 | `0.01` |",
    ]) {
      expect(fields).toContain(row);
    }
  });

  it("lists the legacy form's extra fields, one row per meaning, paths grouped", () => {
    const table = extractBlock(docs, "legacy-extras") ?? "";
    for (const row of [
      "| `{policy,policies}.{thresholds,infrastructure}.min_disk_free_gb` | `policy.deploy.minDiskFreeGb` |",
      "| `{policy,policies}.{thresholds,canary_safety}.max_error_rate_percent` | `policy.promotion.maxErrorRate` | a share of 5xx answers: 1 % is 0.01 |",
      "| `{services,nginx,opa}.container_name` | ignored | containers are named after service.name (&lt;name>-proxy,",
      "| `volumes` | ignored |",
    ]) {
      expect(table).toContain(row);
    }
  });

  it("says where the SSH key comes from", () => {
    expect(docs).toContain("the Pulumi secret `swiftdeploy:sshPrivateKey`");
  });

  it("shows a CrossGuard config example that the renderer really produces", () => {
    const section = docs.slice(docs.indexOf("### CrossGuard pack config"));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const guardrails = GuardrailsSchema.parse({ levels: { "images-pinned": "advisory" } });
    expect(JSON.parse(example)).toEqual(renderCrossGuardConfig(guardrails));
  });
});
