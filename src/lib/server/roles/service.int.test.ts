import { describe, expect, it } from 'vitest';
import { createAdmin, createMunicipality, createUser } from '../../../../tests/factories';
import { listAuditEvents } from '../audit/service';
import { grantRole, listGrants, loadActor, revokeRole } from './service';

const as = (actor: Awaited<ReturnType<typeof createAdmin>> | null) => ({ actor, locale: 'es' as const });

describe('grantRole', () => {
	it('refuses anonymous callers and non-admins', async () => {
		const target = await createUser();
		const member = await createUser();
		await expect(grantRole(as(null), { userId: target.id, role: 'reviewer' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(grantRole(as(member), { userId: target.id, role: 'reviewer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('binds a municipal official to a municipality and records it in the audit log', async () => {
		const admin = await createAdmin();
		const target = await createUser();
		const place = await createMunicipality();
		const { id } = await grantRole(as(admin), { userId: target.id, role: 'municipal_official', municipalityId: place.id });
		const actor = await loadActor(target);
		expect(actor.roles).toEqual([{ role: 'municipal_official', subRole: null, municipalityId: place.id }]);
		const audit = await listAuditEvents(as(admin), { action: 'role.granted', pageSize: 100 });
		expect(audit.items.find((event) => event.details.grantId === id)).toMatchObject({
			actorId: admin.id,
			subjectId: target.id,
			details: { role: 'municipal_official', municipalityId: place.id }
		});
	});

	it('validates the grant', async () => {
		const admin = await createAdmin();
		const target = await createUser();
		await expect(grantRole(as(admin), { userId: target.id, role: 'municipal_official' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'municipalityId', messageKey: 'error_official_needs_municipality' }]
		});
		await expect(grantRole(as(admin), { userId: target.id, role: 'municipal_official', municipalityId: 'XX-1' })).rejects.toMatchObject({
			fields: [{ field: 'municipalityId', messageKey: 'error_municipality_unknown' }]
		});
		await expect(grantRole(as(admin), { userId: target.id, role: 'king' })).rejects.toMatchObject({ fields: [{ field: 'role' }] });
		await expect(grantRole(as(admin), { userId: target.id, role: 'reviewer', subRole: 'finance_secretary' })).rejects.toMatchObject({
			fields: [{ field: 'subRole', messageKey: 'error_subrole_only_for_secretariat' }]
		});
	});

	it('refuses the same grant twice with CONFLICT', async () => {
		const admin = await createAdmin();
		const target = await createUser();
		await grantRole(as(admin), { userId: target.id, role: 'secretariat', subRole: 'line_director' });
		await expect(grantRole(as(admin), { userId: target.id, role: 'secretariat', subRole: 'line_director' })).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});

describe('revokeRole', () => {
	it('removes a grant and audits it', async () => {
		const admin = await createAdmin();
		const target = await createUser();
		const { id } = await grantRole(as(admin), { userId: target.id, role: 'reviewer' });
		await revokeRole(as(admin), { userId: target.id, grantId: id });
		expect(await listGrants(as(admin), target.id)).toEqual([]);
		const audit = await listAuditEvents(as(admin), { action: 'role.revoked', pageSize: 100 });
		expect(audit.items.some((event) => event.details.grantId === id && event.actorId === admin.id)).toBe(true);
	});

	it('answers NOT_FOUND for a grant of another user', async () => {
		const admin = await createAdmin();
		const target = await createUser();
		const other = await createUser();
		const { id } = await grantRole(as(admin), { userId: target.id, role: 'reviewer' });
		await expect(revokeRole(as(admin), { userId: other.id, grantId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('listAuditEvents', () => {
	it('is for administrators only', async () => {
		const member = await createUser({ roles: [{ role: 'secretariat' }] });
		await expect(listAuditEvents(as(member), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
