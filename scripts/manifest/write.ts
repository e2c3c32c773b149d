// `npm run schema`: writes core/manifest/manifest.schema.json and the generated blocks of
// docs/manifest.md from the zod schema. Unit tests fail when either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { format } from "prettier";
import { LEGACY_EXTRAS, MANIFEST_SCHEMA_PATH, manifestJsonSchema } from "../../core/manifest";
import { opaFieldSources } from "./opa-fields";
import { ACCESS_LOG_FIELDS } from "../../core/access-log-layout";
import {
  MANIFEST_DOCS_PATH,
  renderFieldReference,
  renderLegacyExtrasTable,
  renderLogFieldTable,
  renderOpaTable,
  renderOverrideTable,
  replaceBlock,
} from "./reference";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../..");
  const schema = manifestJsonSchema();
  const json = await format(JSON.stringify(schema), { parser: "json", printWidth: 100 });
  writeFileSync(path.join(root, MANIFEST_SCHEMA_PATH), json);

  const docsFile = path.join(root, MANIFEST_DOCS_PATH);
  let docs = readFileSync(docsFile, "utf8");
  docs = replaceBlock(docs, "fields", renderFieldReference(schema));
  docs = replaceBlock(docs, "overrides", renderOverrideTable());
  docs = replaceBlock(docs, "opa-data", renderOpaTable(opaFieldSources()));
  docs = replaceBlock(docs, "log-fields", renderLogFieldTable(ACCESS_LOG_FIELDS));
  docs = replaceBlock(docs, "legacy-extras", renderLegacyExtrasTable(LEGACY_EXTRAS));
  writeFileSync(docsFile, docs);
  console.log(`wrote ${MANIFEST_SCHEMA_PATH} and ${MANIFEST_DOCS_PATH}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
