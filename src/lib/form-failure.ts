/** The failure a form action returned (see $lib/server/http/forms.ts), as the page reads it. */
export interface FormFailureView {
	summary: string;
	fields: { field: string; message: string }[];
	values: Record<string, string>;
}

/** Picks the failure out of an action result, or null when the action succeeded or did not run. */
export function failureOf(form: unknown): FormFailureView | null {
	if (!form || typeof form !== 'object' || !('summary' in form)) return null;
	const failure = form as Partial<FormFailureView>;
	return { summary: failure.summary ?? '', fields: failure.fields ?? [], values: failure.values ?? {} };
}

/** The message of one field in a failure, if any. */
export function fieldError(failure: FormFailureView | null, name: string): string | undefined {
	return failure?.fields.find((issue) => issue.field === name)?.message;
}
