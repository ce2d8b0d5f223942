import { describe, expect, it } from 'vitest';
import { parseId } from './ids';

describe("an entry's identifier from input", () => {
	it('keeps a UUID as it is', () => {
		expect(parseId('8d6ff7e2-161f-4d9a-ae74-efc5a042d73f')).toBe('8d6ff7e2-161f-4d9a-ae74-efc5a042d73f');
	});

	it('answers NOT_FOUND to anything else, never a database error', () => {
		for (const input of ['', 'abc', '1 or 1=1', '8d6ff7e2-161f-4d9a-ae74-efc5a042d73', 42, null, undefined, {}]) {
			expect(() => parseId(input)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
		}
	});
});
