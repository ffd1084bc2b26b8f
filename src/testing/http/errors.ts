import type { Error as ApiErrorBody } from "../models.js";

/**
 * An error the sandbox answers with the API's own body, `{ code, message }`. Messages name fields and
 * resources, never a value a user typed (a password, a token, a code).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message } satisfies ApiErrorBody;
  }
}

export const badRequest = (message: string) => new ApiError(400, "badRequest", message);

export const missingParameter = (name: string) => new ApiError(400, "missingParameter", `Missing parameter: ${name}`);

export const invalidValue = (name: string, why = "") =>
  new ApiError(400, "invalidValue", `Invalid value for ${name}${why ? `: ${why}` : ""}`);

export const notFound = (what: string) => new ApiError(404, "notFound", `${what} not found`);

export const forbidden = (message = "This token cannot access this resource") =>
  new ApiError(403, "forbidden", message);
