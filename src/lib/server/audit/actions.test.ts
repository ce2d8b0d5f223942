import { describe, expect, it } from 'vitest';
import en from '../../../../messages/en.json';
import es from '../../../../messages/es.json';
import pt from '../../../../messages/pt.json';
import { auditActionKey, auditActions } from './actions';

describe('audit actions', () => {
	it('each has a name in Spanish, Portuguese and English, and no name is left without its action', () => {
		for (const [locale, messages] of Object.entries({ es, pt, en }) as [string, Record<string, string>][]) {
			const missing = auditActions.filter((action) => !messages[auditActionKey(action)]?.trim());
			expect(missing, locale).toEqual([]);
			const known = new Set(auditActions.map(auditActionKey));
			expect(Object.keys(messages).filter((key) => key.startsWith('audit_action_') && !known.has(key)), locale).toEqual([]);
		}
	});

	it('are unique', () => {
		expect(new Set(auditActions).size).toBe(auditActions.length);
	});
});
