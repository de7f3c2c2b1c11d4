/**
 * Errors with stable codes. Every error a user can cause is an {@link AfisError} whose `code`
 * is one of {@link ERROR_TABLE}'s keys; the HTTP layer maps the code to a status through that
 * one table and the CLI prints `message` on one line. Codes are part of the contract: never
 * rename one, add new ones.
 */

/** code → HTTP status and a short description (the description is documentation, not the message). */
export const ERROR_TABLE = {
  // general request errors
  AFIS_BAD_REQUEST: { status: 400, description: 'The request is malformed.' },
  AFIS_VALIDATION: { status: 400, description: 'The request does not match its schema.' },
  AFIS_UNAUTHORIZED: { status: 401, description: 'No valid API key was given.' },
  AFIS_FORBIDDEN: { status: 403, description: "The key's role may not use this route or see this data." },
  AFIS_NOT_FOUND: { status: 404, description: 'No such route or resource.' },
  AFIS_CONFLICT: { status: 409, description: 'The request conflicts with the current state.' },
  AFIS_IDEMPOTENCY_CONFLICT: { status: 409, description: 'The idempotency key was used before with a different request.' },
  AFIS_PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is larger than the route accepts.' },
  AFIS_URI_TOO_LONG: { status: 414, description: 'The URL or one of its path parameters is longer than the service accepts.' },
  AFIS_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The request body has a content type the route does not accept.' },
  AFIS_RATE_LIMITED: { status: 429, description: 'Too many requests for this key; retry later.' },
  AFIS_HEADERS_TOO_LARGE: { status: 431, description: 'The request headers are larger than the service accepts.' },
  AFIS_REQUEST_TIMEOUT: { status: 408, description: 'The request did not arrive completely in time.' },
  AFIS_EXPECTATION_FAILED: { status: 417, description: 'The Expect header asks for something other than 100-continue.' },
  AFIS_INTERNAL: { status: 500, description: 'An unexpected error; details are in the server log only.' },
  AFIS_NOT_IMPLEMENTED: { status: 501, description: 'This capability is not available in this build.' },
  AFIS_NOT_READY: { status: 503, description: 'The store or the index is not loaded yet, or the extraction workers are shutting down.' },
  AFIS_CONFIG_INVALID: { status: 500, description: 'The configuration is invalid (start-up only).' },
  AFIS_FILE_NOT_FOUND: { status: 404, description: 'A file named on the command line does not exist or cannot be read.' },
  AFIS_CLI_USAGE: { status: 400, description: 'A command-line argument is missing or wrong.' },

  // capture decoding
  AFIS_CAPTURE_EMPTY: { status: 422, description: 'The capture has no bytes.' },
  AFIS_CAPTURE_UNSUPPORTED_FORMAT: { status: 415, description: 'The capture is not in a supported image format.' },
  AFIS_CAPTURE_TRUNCATED: { status: 422, description: 'The capture file ends before its data does.' },
  AFIS_CAPTURE_CORRUPT: { status: 422, description: 'The capture could not be decoded.' },
  AFIS_CAPTURE_TOO_LARGE: { status: 413, description: 'The capture exceeds the byte or pixel limits.' },
  AFIS_CAPTURE_TOO_SMALL: { status: 422, description: 'The capture is too small to hold a fingerprint.' },
  AFIS_CAPTURE_BAD_PARAMETERS: { status: 400, description: 'Declared width, height or resolution are missing or out of range.' },

  // standard codecs
  AFIS_FORMAT_TRUNCATED: { status: 422, description: 'A standard record ends before its declared length.' },
  AFIS_FORMAT_INVALID: { status: 422, description: 'A standard record violates its format.' },
  AFIS_FORMAT_UNSUPPORTED: { status: 415, description: 'A standard feature or compression we do not decode (e.g. JPEG 2000).' },
  AFIS_WSQ_INVALID: { status: 422, description: 'The WSQ stream is invalid.' },
  AFIS_ANSI_NIST_INVALID: { status: 422, description: 'The ANSI/NIST-ITL transaction is invalid.' },
  AFIS_TEMPLATE_INVALID: { status: 422, description: 'A minutiae template is invalid.' },

  // recognition
  AFIS_EXTRACTION_FAILED: { status: 422, description: 'No usable fingerprint was found in the image.' },
  AFIS_QUALITY_INSUFFICIENT: { status: 422, description: 'One or more fingers are below the quality threshold; recapture them.' },
  AFIS_SEGMENTATION_FAILED: { status: 422, description: 'A slap could not be split into its fingers; recapture it.' },
  AFIS_SEQUENCE_MISMATCH: { status: 422, description: 'Rolled fingers do not match the plain fingers of their positions (boxes swapped); swap or recapture them, or override with a reason.' },
  AFIS_MODEL_UNAVAILABLE: { status: 500, description: 'An ONNX model could not be loaded.' },

  // gallery and stores
  AFIS_STORE_UNAVAILABLE: { status: 503, description: 'The record store cannot be reached.' },
  AFIS_CENTRAL_UNAVAILABLE: { status: 503, description: 'The central Eurodac system cannot be reached or failed; the outbox tries again later.' },
  AFIS_STORE_CORRUPT: { status: 500, description: 'A stored record failed validation.' },
  AFIS_STORE_NOT_DURABLE: { status: 500, description: 'The Redis server keeps nothing durable on disk (appendonly no); refused at start-up.' },
  AFIS_SUBJECT_NOT_FOUND: { status: 404, description: 'No subject with that id.' },
  AFIS_INDEX_NOT_READY: { status: 503, description: 'The gallery is still loading.' },
  AFIS_SHARD_UNAVAILABLE: { status: 503, description: 'A gallery shard has no live replica or did not answer in time: the search was not done (never a partial answer).' },

  // eurodac and transactions
  AFIS_EURODAC_CATEGORY_INVALID: { status: 400, description: 'The category is not one of the configured regime.' },
  AFIS_EURODAC_MEMBER_STATE_INVALID: { status: 400, description: 'The member state is not an ISO 3166 alpha-2 code of a participating state.' },
  AFIS_EURODAC_REFERENCE_INVALID: { status: 400, description: 'The reference number does not match member state and category.' },
  AFIS_EURODAC_UNDER_MINIMUM_AGE: { status: 422, description: 'The person is under the minimum age for this category.' },
  AFIS_EURODAC_FINGERS_MISSING: { status: 422, description: 'Fingers required by the category are neither captured nor declared missing.' },
  AFIS_EURODAC_RESEND_REFUSED: { status: 422, description: 'A reference number is given, but no capture under it was refused by the central system within the 48-hour re-send window.' },
  AFIS_TRANSACTION_NOT_FOUND: { status: 404, description: 'No transaction with that id.' },
  AFIS_RECORD_NOT_FOUND: { status: 404, description: 'No record with that reference number.' },
  AFIS_EXAMINATION_NOT_FOUND: { status: 404, description: 'No examination with that id.' },
  AFIS_EXAMINATION_ALREADY_DECIDED: { status: 409, description: 'The examination was decided before.' },
  AFIS_AUDIT_CHAIN_BROKEN: { status: 500, description: 'The audit log failed verification.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

/** HTTP status for a code; unknown codes are internal errors. */
export function httpStatusOf(code: string): number {
  return (ERROR_TABLE as Record<string, { status: number }>)[code]?.status ?? 500;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_TABLE, code);
}

/**
 * Whether an error is the capture's fault (a failure to enrol: no print, unreadable, too small),
 * as opposed to the system's (a model that cannot load, an internal error: status 500 and up).
 * Evaluations count the first kind as a failed comparison and must stop on the second, or a
 * missing model reads as a measured error rate.
 */
export function isFailureToEnrol(err: unknown): err is AfisError {
  return err instanceof AfisError && err.status < 500;
}

/** Base class of every error with a stable code. `details` must be safe to show a client. */
export class AfisError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    if (details !== undefined) this.details = details;
  }
  get status(): number {
    return httpStatusOf(this.code);
  }
}

/** Errors of capture decoding (`src/capture`). */
export class CaptureError extends AfisError {}
/** Errors of the standard codecs (`src/formats`): truncated, invalid or unsupported records. */
export class FormatError extends AfisError {}
/** Errors of template validation and parsing (`src/templates`). */
export class TemplateError extends AfisError {}
/** Errors of extraction and quality (`src/extraction`, `src/quality`). */
export class ExtractionError extends AfisError {}
/** Errors of the gallery and the stores (`src/index`, `src/store`). */
export class StoreError extends AfisError {}
/** Errors of Eurodac rules and transactions (`src/eurodac`, `src/transactions`). */
export class DomainError extends AfisError {}
/** Errors of configuration (start-up) and command-line use. */
export class ConfigError extends AfisError {}
