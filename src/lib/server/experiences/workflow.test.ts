import { describe, expect, it } from 'vitest';
import type { Actor } from '../context';
import { applyAction, availableActions, transitions, type ExperienceFacts, type ExperienceState, type WorkflowAction } from './workflow';

const person = (id: string, roles: Actor['roles'] = []): Actor => ({ id, email: `${id}@x.org`, name: id, roles });
const author = person('author');
const official = person('official', [{ role: 'municipal_official', subRole: null, municipalityId: 'BR-3550308' }]);
const otherOfficial = person('other', [{ role: 'municipal_official', subRole: null, municipalityId: 'MX-14039' }]);
const secretariat = person('sec', [{ role: 'secretariat', subRole: 'programme_secretary', municipalityId: null }]);

const experience = (state: ExperienceState, completedReviews = 0): ExperienceFacts => ({
	state,
	authorIds: ['author'],
	municipalityIds: ['BR-3550308'],
	completedReviews
});

const states: ExperienceState[] = ['draft', 'submitted', 'in_review', 'returned', 'published', 'rejected', 'unpublished'];
const actions = Object.keys(transitions) as WorkflowAction[];

describe('the experience workflow', () => {
	it('follows draft → submitted → in_review → published with the right people', () => {
		expect(applyAction(author, experience('draft'), 'submit')).toBe('submitted');
		expect(applyAction(secretariat, experience('submitted'), 'accept')).toBe('in_review');
		expect(applyAction(secretariat, experience('in_review', 2), 'publish')).toBe('published');
	});

	it('lets the completeness check or the decision return it, and the authors take it back to draft', () => {
		expect(applyAction(secretariat, experience('submitted'), 'return', 'Falta el presupuesto')).toBe('returned');
		expect(applyAction(secretariat, experience('in_review'), 'return', 'Faltan evidencias')).toBe('returned');
		expect(applyAction(official, experience('returned'), 'reopen')).toBe('draft');
	});

	it.each(states.flatMap((state) => actions.filter((action) => !transitions[action].from.includes(state)).map((action) => [state, action] as const)))(
		'refuses %s → %s with CONFLICT',
		(state, action) => {
			const actor = transitions[action].by === 'author' ? author : secretariat;
			expect(() => applyAction(actor, experience(state, 5), action, 'reason')).toThrowError(
				expect.objectContaining({ code: 'CONFLICT', details: { action, state } })
			);
		}
	);

	it('refuses the wrong people before looking at the state', () => {
		expect(() => applyAction(null, experience('draft'), 'submit')).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
		expect(() => applyAction(otherOfficial, experience('draft'), 'submit')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
		expect(() => applyAction(author, experience('in_review', 2), 'publish')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
		expect(() => applyAction(secretariat, experience('draft'), 'submit')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
	});

	it('will not publish a draft, nor an experience with fewer than two reviews', () => {
		expect(() => applyAction(secretariat, experience('draft', 2), 'publish')).toThrowError(expect.objectContaining({ code: 'CONFLICT' }));
		expect(() => applyAction(secretariat, experience('in_review', 1), 'publish')).toThrowError(
			expect.objectContaining({ code: 'CONFLICT', fields: [expect.objectContaining({ messageKey: 'error_reviews_missing' })] })
		);
	});

	it('asks for a reason to return, reject or unpublish', () => {
		for (const [action, state] of [['return', 'submitted'], ['reject', 'in_review'], ['unpublish', 'published']] as const) {
			expect(() => applyAction(secretariat, experience(state), action, '  ')).toThrowError(
				expect.objectContaining({ code: 'VALIDATION', fields: [{ field: 'comment', messageKey: 'error_reason_required' }] })
			);
		}
	});

	it('offers each person only what they can do now', () => {
		expect(availableActions(author, experience('draft'))).toEqual(['submit']);
		expect(availableActions(secretariat, experience('in_review', 2))).toEqual(['return', 'publish', 'reject']);
		expect(availableActions(secretariat, experience('in_review', 0))).toEqual(['return', 'reject']);
		expect(availableActions(otherOfficial, experience('published'))).toEqual([]);
	});
});
