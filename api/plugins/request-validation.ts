import fastifyPlugin from "fastify-plugin";
import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";
import { ApiError, ApiErrorCode } from "../errors";
import type { Problem } from "../errors";

function describe(value: unknown): string | undefined {
  if (value === undefined || (typeof value === "object" && value !== null)) return undefined;
  return JSON.stringify(value).slice(0, 80);
}

/** One problem per zod issue: the field's path (or `body`) and the schema's own wording. */
export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...issue.path, key].join("."),
        expected: issue.message,
      }));
    }
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    const received = describe(issue.input);
    return [
      received === undefined
        ? { field, expected: issue.message }
        : { field, expected: issue.message, received },
    ];
  });
}

/** Route schemas for request parts are zod schemas (the repo's one schema library). */
const compileZod: FastifySchemaCompiler<z.ZodType> = ({ schema }) => {
  return (data: unknown) => {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data };
    const problems = problemsOf(result.error);
    const message = problems
      .map(
        (p) =>
          `${p.field}: expected ${p.expected}${p.received === undefined ? "" : `, got ${p.received}`}`,
      )
      .join("; ");
    return { error: new ApiError(400, ApiErrorCode.InvalidBody, message, problems) };
  };
};

/**
 * Request bodies are JSON only (other media types get 415) and are validated by the zod schemas
 * that routes declare. No route takes params or queries.
 */
export const requestValidation = fastifyPlugin(
  async (app) => {
    app.removeContentTypeParser("text/plain");
    app.setValidatorCompiler(compileZod);
  },
  { name: "request-validation" },
);
