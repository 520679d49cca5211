/** A failure the client can act on: mapped to an HTTP status and a machine-readable code in one place. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  readonly code: string;
  /** Per-field problems, for validation errors. */
  readonly fields: ReadonlyArray<{ path: string; message: string }> | undefined;

  constructor(code: string, message: string, fields?: ReadonlyArray<{ path: string; message: string }>) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}

/** The request is malformed in a way its schema cannot tell, e.g. a cursor this server never gave out (400). */
export class BadRequest extends AppError {
  override name = 'BadRequest';
  readonly status = 400;
}

/** The input is well-formed but breaks a rule (422). */
export class Invalid extends AppError {
  override name = 'Invalid';
  readonly status = 422;
}

/** Not logged in, or the credentials are wrong (401). */
export class Unauthorized extends AppError {
  override name = 'Unauthorized';
  readonly status = 401;
}

/** Logged in, but not allowed (403). Where existence itself is secret, use NotFound instead. */
export class Forbidden extends AppError {
  override name = 'Forbidden';
  readonly status = 403;
}

/** No such object, or not visible to the caller (404). */
export class NotFound extends AppError {
  override name = 'NotFound';
  readonly status = 404;
}

/** The request conflicts with the current state, e.g. a duplicate (409). */
export class Conflict extends AppError {
  override name = 'Conflict';
  readonly status = 409;
}

/** The object existed but was deleted for good; only its tombstone is left (410, sent as `error.deleted`). */
export class Gone extends AppError {
  override name = 'Gone';
  readonly status = 410;
  readonly deleted: { on: string; reason: string | null } | undefined;

  constructor(code: string, message: string, deleted?: { on: string; reason: string | null }) {
    super(code, message);
    this.deleted = deleted;
  }
}
