/**
 * Typed domain errors. lib/http maps them to the JSON envelope once;
 * server actions map them to the same error object.
 */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldErrors,
    public readonly details?: Record<string, unknown>,
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class MalformedJson extends AppError {
  constructor(message = "The request body is not a valid JSON object.") {
    super(400, "malformed_json", message);
  }
}

export class Unauthenticated extends AppError {
  constructor(message = "Sign in to continue.") {
    super(401, "unauthenticated", message);
  }
}

export class InvalidCredentials extends AppError {
  constructor() {
    super(401, "invalid_credentials", "The email or password is incorrect.");
  }
}

export class Forbidden extends AppError {
  constructor(message = "You are not allowed to do that.", code = "forbidden") {
    super(403, code, message);
  }
}

export class NotFound extends AppError {
  constructor(message = "Not found.", code = "not_found") {
    super(404, code, message);
  }
}

export class Conflict extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaType extends AppError {
  constructor() {
    super(415, "unsupported_media_type", "Send the body as application/json.");
  }
}

export class ValidationFailed extends AppError {
  constructor(fields: FieldErrors, message = "Some fields are invalid.") {
    super(422, "validation_failed", message, fields);
  }
}

export class RateLimited extends AppError {
  constructor(public readonly retryAfterS: number) {
    super(429, "rate_limited", `Too many requests. Try again in ${retryAfterS} s.`, undefined, undefined, {
      "Retry-After": String(retryAfterS),
    });
  }
}

export class Unavailable extends AppError {
  constructor(message = "The service is temporarily unavailable.") {
    super(503, "unavailable", message);
  }
}
