import fastifyPlugin from "fastify-plugin";
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, ApiErrorCode } from "../errors";
import type { ErrorBody } from "../errors";

/** Translates fastify's own client errors into ours, naming the field and what was expected. */
function fromFastify(error: FastifyError, request: FastifyRequest): ApiError | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ApiError(400, ApiErrorCode.InvalidBody, "body: expected valid JSON", [
        { field: "body", expected: "valid JSON" },
      ]);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, ApiErrorCode.InvalidBody, "body: expected a JSON object", [
        { field: "body", expected: "a JSON object" },
      ]);
    case "FST_ERR_CTP_BODY_TOO_LARGE": {
      const expected = `at most ${request.routeOptions.bodyLimit} bytes`;
      return new ApiError(413, ApiErrorCode.BodyTooLarge, `body: expected ${expected}`, [
        { field: "body", expected },
      ]);
    }
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(
        415,
        ApiErrorCode.UnsupportedMediaType,
        "content-type: expected application/json",
        [{ field: "content-type", expected: "application/json" }],
      );
    default:
      return undefined;
  }
}

/** Sends an error in the API's JSON shape. */
export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const body: ErrorBody = {
    statusCode: error.statusCode,
    code: error.code,
    error: STATUS_CODES[error.statusCode] ?? "Error",
    message: error.message,
  };
  if (error.problems.length > 0) body.problems = [...error.problems];
  return reply.code(error.statusCode).type("application/json; charset=utf-8").send(body);
}

/**
 * The one place errors become replies: our own errors as they are, fastify's client errors in our
 * shape, anything else as a bare 500 whose details go to the log only, never to the client.
 */
export const errorReplies = fastifyPlugin(
  async (app) => {
    app.setErrorHandler<FastifyError | ApiError>((error, request, reply) => {
      if (error instanceof ApiError) return sendError(reply, error);
      const known = fromFastify(error, request);
      if (known !== undefined) return sendError(reply, known);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return sendError(reply, new ApiError(status, ApiErrorCode.BadRequest, error.message));
      }
      request.log.error({ err: error }, "request failed");
      return sendError(
        reply,
        new ApiError(
          500,
          ApiErrorCode.Internal,
          `internal error; see the log for request ${request.id}`,
        ),
      );
    });

    app.setNotFoundHandler((request, reply) => {
      const target = `${request.method} ${request.url}`.slice(0, 200);
      return sendError(reply, new ApiError(404, ApiErrorCode.NotFound, `no route for ${target}`));
    });
  },
  { name: "error-replies" },
);
