/** Stable error codes of the API's JSON error replies; clients match on these, never on message text. */
export const ApiErrorCode = {
  InvalidBody: "SD_API_INVALID_BODY",
  BodyTooLarge: "SD_API_BODY_TOO_LARGE",
  UnsupportedMediaType: "SD_API_UNSUPPORTED_MEDIA_TYPE",
  BadRequest: "SD_API_BAD_REQUEST",
  NotFound: "SD_API_NOT_FOUND",
  Unauthorized: "SD_API_UNAUTHORIZED",
  ChaosForbidden: "SD_API_CHAOS_FORBIDDEN",
  ChaosInjected: "SD_API_CHAOS_INJECTED",
  Internal: "SD_API_INTERNAL",
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** One thing wrong with a request: which field, and what was expected there. */
export interface Problem {
  readonly field: string;
  readonly expected: string;
  readonly received?: string;
}

/** An error the API answers with as it is: its status, code and message are safe to show. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The JSON body of every error reply (the shape of fastify's default, plus `problems`). */
export interface ErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  error: string;
  message: string;
  problems?: Problem[];
}
