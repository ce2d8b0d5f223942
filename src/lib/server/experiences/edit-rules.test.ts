import { describe, expect, it } from 'vitest';
import { changedFields, classifyEdit } from './edit-rules';
import type { TExperienceDraft } from './schema';

const base: TExperienceDraft = {
	locale: 'es',
	title: 'Presupuesto participativo',
	summary: 'Los vecinos deciden.',
	context: '<p>Contexto</p>',
	objectives: '',
	actors: '',
	participation: '',
	resources: '',
	lessons: '',
	replication: '',
	municipalityIds: ['BR-1', 'BR-2'],
	themes: ['citizen-participation'],
	sdgs: ['SDG16'],
	budgetAmount: 150000,
	budgetCurrency: 'BRL',
	startDate: '2020-01-01',
	endDate: undefined,
	ongoing: true,
	contactName: undefined,
	contactEmail: 'old@example.org',
	leadInstitution: undefined,
	results: [{ indicator: 'Participantes', before: '100', after: '900', source: 'Acta' }],
	links: []
};

describe('a small fix or a substantive edit of a published experience (issue 13 finding 5)', () => {
	it('finds no change when only the form of the values differs (empty vs absent, order of sets, number formats)', () => {
		const same = {
			...base,
			municipalityIds: ['BR-2', 'BR-1'],
			contactName: '',
			leadInstitution: '',
			budgetAmount: 150000.0,
			title: ' Presupuesto participativo ',
			// As jsonb gives a row back: its keys in another order.
			results: [{ after: '900', before: '100', source: 'Acta', indicator: 'Participantes' }]
		};
		expect(changedFields(base, same)).toEqual([]);
		expect(classifyEdit(changedFields(base, same))).toBe('none');
	});

	it('calls a change of the contact person or address alone a small fix', () => {
		const changed = changedFields(base, { ...base, contactName: 'Ana', contactEmail: 'new@example.org' });
		expect(changed).toEqual(['contactName', 'contactEmail']);
		expect(classifyEdit(changed)).toBe('small_fix');
	});

	it('calls any change of content substantive, however small: one character of the title, a result, a link, a theme', () => {
		for (const edit of [
			{ title: 'Presupuesto participativos' },
			{ summary: 'Los vecinos no deciden.' },
			{ results: [{ indicator: 'Participantes', before: '100', after: '990', source: 'Acta' }] },
			{ links: [{ label: 'Web', url: 'https://example.org' }] },
			{ themes: ['citizen-participation', 'green-spaces'] },
			{ budgetAmount: 150001 }
		] satisfies Partial<TExperienceDraft>[]) {
			expect(classifyEdit(changedFields(base, { ...base, ...edit })), JSON.stringify(edit)).toBe('substantive');
		}
	});

	it('stays substantive when a content change comes together with a contact fix', () => {
		const changed = changedFields(base, { ...base, title: 'Otro título', contactEmail: 'new@example.org' });
		expect(changed).toEqual(['title', 'contactEmail']);
		expect(classifyEdit(changed)).toBe('substantive');
	});
});
