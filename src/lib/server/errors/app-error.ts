/** Every error code the application raises on purpose; each maps to one HTTP status. */
export const ErrorCode = {
	VALIDATION: 'VALIDATION',
	UNAUTHENTICATED: 'UNAUTHENTICATED',
	FORBIDDEN: 'FORBIDDEN',
	NOT_FOUND: 'NOT_FOUND',
	METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
	CONFLICT: 'CONFLICT',
	PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
	RATE_LIMITED: 'RATE_LIMITED',
	INVALID_TOKEN: 'INVALID_TOKEN',
	EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
	INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
	INTERNAL: 'INTERNAL'
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one code → HTTP status table. */
export const httpStatusOf: Record<ErrorCode, number> = {
	VALIDATION: 400,
	UNAUTHENTICATED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	METHOD_NOT_ALLOWED: 405,
	CONFLICT: 409,
	PAYLOAD_TOO_LARGE: 413,
	RATE_LIMITED: 429,
	INVALID_TOKEN: 400,
	EMAIL_NOT_VERIFIED: 403,
	INVALID_CREDENTIALS: 401,
	INTERNAL: 500
};

/** A field-level problem: which input, and a message key for the UI and API. */
export interface FieldIssue {
	field: string;
	/** Key of the translated message (see messages/*.json), e.g. `error_field_too_long`. */
	messageKey: string;
	params?: Record<string, string | number>;
}

export interface AppErrorOptions {
	message?: string;
	fields?: FieldIssue[];
	details?: Record<string, unknown>;
	retryAfterSeconds?: number;
	cause?: unknown;
}

/** The single error type services throw; routes map it to a status and a translated message. */
export class AppError extends Error {
	readonly code: ErrorCode;
	readonly fields: FieldIssue[];
	readonly details: Record<string, unknown> | undefined;
	readonly retryAfterSeconds: number | undefined;

	constructor(code: ErrorCode, options: AppErrorOptions = {}) {
		super(options.message ?? code, { cause: options.cause });
		this.name = 'AppError';
		this.code = code;
		this.fields = options.fields ?? [];
		this.details = options.details;
		this.retryAfterSeconds = options.retryAfterSeconds;
	}

	/** HTTP status for this error's code. */
	get status(): number {
		return httpStatusOf[this.code];
	}
}

/** True when the value is an AppError (also across module copies in tests). */
export function isAppError(value: unknown): value is AppError {
	return value instanceof AppError || (value instanceof Error && value.name === 'AppError');
}
