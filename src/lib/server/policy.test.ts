import { describe, expect, it } from 'vitest';
import type { Actor } from './context';
import { hasRole, isOfficialOf, requireRole } from './policy';

const actor = (roles: Actor['roles']): Actor => ({ id: 'u1', email: 'u@x.org', name: 'U', roles });

describe('role policy', () => {
	it('refuses anonymous callers with UNAUTHENTICATED', () => {
		expect(() => requireRole(null, 'admin')).toThrowError(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
	});
	it('refuses a member without the role with FORBIDDEN', () => {
		expect(() => requireRole(actor([]), 'admin')).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
	});
	it('lets an admin act in every role', () => {
		const admin = actor([{ role: 'admin', subRole: null, municipalityId: null }]);
		expect(hasRole(admin, 'reviewer')).toBe(true);
		expect(requireRole(admin, 'admin')).toBe(admin);
	});
	it('treats everyone signed in as a member', () => {
		expect(hasRole(actor([]), 'member')).toBe(true);
		expect(hasRole(null, 'member')).toBe(false);
	});
	it('binds officials to their municipality', () => {
		const official = actor([{ role: 'municipal_official', subRole: null, municipalityId: 'BR-3550308' }]);
		expect(isOfficialOf(official, 'BR-3550308')).toBe(true);
		expect(isOfficialOf(official, 'MX-14039')).toBe(false);
	});
});
