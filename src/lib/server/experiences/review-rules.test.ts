import { describe, expect, it } from 'vitest';
import type { Actor } from '../context';
import { conflictOfInterest, isRecognised, summariseScores, type RubricScores } from './review-rules';

const reviewer = (roles: Actor['roles'] = [], institutionIds: string[] = []) => ({
	id: 'rev',
	email: 'rev@x.org',
	name: 'Rev',
	roles: [{ role: 'reviewer' as const, subRole: null, municipalityId: null }, ...roles],
	institutionIds
});
const experience = { authorIds: ['a1', 'a2'], municipalityIds: ['CO-05001', 'CO-05088'], leadInstitutionId: 'inst-1' };

describe('conflictOfInterest', () => {
	it('refuses authors, officials of the municipality and members of the leading institution', () => {
		expect(conflictOfInterest({ ...reviewer(), id: 'a2' }, experience)).toBe('author');
		expect(conflictOfInterest(reviewer([{ role: 'municipal_official', subRole: null, municipalityId: 'CO-05088' }]), experience)).toBe('same_municipality');
		expect(conflictOfInterest(reviewer([], ['inst-1']), experience)).toBe('same_institution');
	});

	it('accepts an independent reviewer, including an official of another municipality', () => {
		expect(conflictOfInterest(reviewer([{ role: 'municipal_official', subRole: null, municipalityId: 'PE-150101' }], ['inst-9']), experience)).toBeNull();
	});
});

const scores = (value: number, overrides: Partial<RubricScores> = {}): RubricScores => ({
	relevance: value,
	evidence: value,
	sustainability: value,
	replicability: value,
	participation: value,
	innovation: value,
	...overrides
});

describe('summariseScores', () => {
	it('averages each criterion and overall, to two decimals', () => {
		const summary = summariseScores([scores(4, { evidence: 2 }), scores(5), scores(4)]);
		expect(summary.reviews).toBe(3);
		expect(summary.perCriterion.relevance).toBe(4.33);
		expect(summary.perCriterion.evidence).toBe(3.67);
		expect(summary.overall).toBe(4.22);
	});

	it('with two reviews gives the overall mean only, so that neither reviewer can compute the other’s scores', () => {
		const summary = summariseScores([scores(4, { evidence: 2 }), scores(5)]);
		expect(summary.reviews).toBe(2);
		expect(summary.overall).toBe(4.33);
		expect(Object.values(summary.perCriterion).every((mean) => mean === null)).toBe(true);
	});

	it('has no averages without reviews', () => {
		expect(summariseScores([])).toEqual({
			reviews: 0,
			overall: null,
			perCriterion: { relevance: null, evidence: null, sustainability: null, replicability: null, participation: null, innovation: null }
		});
	});
});

describe('isRecognised', () => {
	it('needs publication, two reviews and a mean at the threshold', () => {
		expect(isRecognised(summariseScores([scores(4), scores(4)]), 4, true)).toBe(true);
		expect(isRecognised(summariseScores([scores(4), scores(4)]), 4, false)).toBe(false);
		expect(isRecognised(summariseScores([scores(5)]), 4, true)).toBe(false);
		expect(isRecognised(summariseScores([scores(4), scores(3)]), 4, true)).toBe(false);
	});
});
