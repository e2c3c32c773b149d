import { z } from "zod";

/** A zod schema as the JSON Schema (draft 7) fastify's serializer compiles for fast replies. */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-7" });
  return rest;
}
