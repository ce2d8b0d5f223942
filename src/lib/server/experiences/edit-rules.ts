import type { TExperienceDraft } from './schema';

/** Every field of a draft, in the order the edit form shows them. */
export const draftFields = [
	'locale',
	'title',
	'summary',
	'context',
	'objectives',
	'actors',
	'participation',
	'resources',
	'lessons',
	'replication',
	'municipalityIds',
	'themes',
	'sdgs',
	'budgetAmount',
	'budgetCurrency',
	'startDate',
	'endDate',
	'ongoing',
	'contactName',
	'contactEmail',
	'leadInstitution',
	'results',
	'links'
] as const satisfies readonly (keyof TExperienceDraft)[];
export type DraftField = (typeof draftFields)[number];

/**
 * Issue 13 finding 5: what an author may change on a PUBLISHED experience without the secretariat's approval.
 *
 * A small fix is an edit that changes only who to write to about the experience (contact person and address):
 * those say nothing about what the municipality did or achieved, and a wrong address must be fixable at once.
 * Everything else is substantive, text included, however short the change: one character turns "10 %" into
 * "90 %" or "sí" into "no", so no edit distance tells a typo from a new claim. Links are substantive too
 * (they add content and could point anywhere). Small fixes apply directly; the secretariat is told of them too.
 */
export const smallFixFields: ReadonlySet<DraftField> = new Set<DraftField>(['contactName', 'contactEmail']);

/** How an edit of a published experience is handled. */
export type EditKind = 'none' | 'small_fix' | 'substantive';

const sortedList = (values: readonly string[]) => [...values].sort().join(' ');

/** One field's value in a canonical form, so that equal meaning compares equal (null = '' = absent, sets sorted). */
export function canonicalValue(draft: TExperienceDraft, field: DraftField): string {
	const value = draft[field];
	switch (field) {
		case 'municipalityIds':
		case 'themes':
		case 'sdgs':
			return sortedList(value as string[]);
		// Rows in a fixed key order: PostgreSQL's jsonb gives keys back in its own order, not the order they were saved in.
		case 'results':
			return JSON.stringify(draft.results.map((row) => [row.indicator, row.before, row.after, row.source]));
		case 'links':
			return JSON.stringify(draft.links.map((row) => [row.label, row.url]));
		case 'budgetAmount':
			return value === undefined || value === null ? '' : String(Number(value));
		case 'ongoing':
			return value ? 'true' : 'false';
		default:
			return typeof value === 'string' ? value.trim() : '';
	}
}

/** The fields whose value differs between two drafts (already normalised the same way). */
export function changedFields(current: TExperienceDraft, proposed: TExperienceDraft): DraftField[] {
	return draftFields.filter((field) => canonicalValue(current, field) !== canonicalValue(proposed, field));
}

/** Whether the changed fields make a small fix (applied at once) or a substantive edit (a version for the secretariat). */
export function classifyEdit(changed: readonly DraftField[]): EditKind {
	if (!changed.length) return 'none';
	return changed.every((field) => smallFixFields.has(field)) ? 'small_fix' : 'substantive';
}
