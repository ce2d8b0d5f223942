import { describe, expect, it } from 'vitest';
import type { Actor, Locale } from '../context';
import { createAdmin, createMunicipality, createUser } from '../../../../tests/factories';
import { listAuditEvents } from '../audit/service';
import { listMail } from '../mail/service';
import { decideRoleRequest, listMyRoleRequests, listRoleRequests, requestRole, withdrawRoleRequest } from './requests';
import { loadActor } from './service';

const as = (actor: Actor | null, locale: Locale = 'es') => ({ actor, locale });

async function people() {
	return {
		admin: await createAdmin(),
		secretariat: await createUser({ roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] }),
		member: await createUser(),
		place: await createMunicipality()
	};
}

describe('requestRole', () => {
	it('stores a pending request and tells the secretariat', async () => {
		const { admin, secretariat, member, place } = await people();
		const { id } = await requestRole(as(member), { role: 'municipal_official', municipalityId: place.id.toLowerCase(), position: 'Directora de Planeación', institutionalEmail: 'dir@municipio.gob.mx', note: 'Nombramiento: https://example.org/acta' });
		const [mine] = await listMyRoleRequests(as(member));
		expect(mine).toMatchObject({ id, role: 'municipal_official', municipalityId: place.id, municipalityName: place.name, status: 'pending', position: 'Directora de Planeación' });
		const mail = await listMail(as(admin), { to: secretariat.email });
		expect(mail.items.some((message) => message.text.includes(member.email) && message.text.includes('/secretaria/roles'))).toBe(true);
		const audit = await listAuditEvents(as(admin), { action: 'role.requested', subject: member.id });
		expect(audit.items[0]).toMatchObject({ actorId: member.id, details: { roleRequestId: id, role: 'municipal_official' } });
	});

	it('refuses anonymous callers, appointed roles and a municipality for other roles', async () => {
		const { member, place } = await people();
		await expect(requestRole(as(null), { role: 'reviewer' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		for (const role of ['admin', 'secretariat', 'council_member', 'member']) {
			await expect(requestRole(as(member), { role })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'role', messageKey: 'error_role_request_role' }] });
		}
		await expect(requestRole(as(member), { role: 'municipal_official', position: 'Alcalde' })).rejects.toMatchObject({ fields: [{ field: 'municipalityId', messageKey: 'error_official_needs_municipality' }] });
		await expect(requestRole(as(member), { role: 'municipal_official', municipalityId: place.id })).rejects.toMatchObject({ fields: [{ field: 'position', messageKey: 'error_role_request_position' }] });
		await expect(requestRole(as(member), { role: 'reviewer', municipalityId: place.id })).rejects.toMatchObject({ fields: [{ field: 'municipalityId' }] });
		await expect(requestRole(as(member), { role: 'municipal_official', municipalityId: 'XX-0', position: 'Alcalde' })).rejects.toMatchObject({ fields: [{ field: 'municipalityId', messageKey: 'error_municipality_unknown' }] });
		await expect(requestRole(as(member), { role: 'expert', note: 'x'.repeat(2001) })).rejects.toMatchObject({ fields: [{ field: 'note', messageKey: 'error_field_too_long', params: { max: 2000 } }] });
	});

	it('refuses a duplicate pending request and a role already held', async () => {
		const { member, place } = await people();
		await requestRole(as(member), { role: 'reviewer' });
		await expect(requestRole(as(member), { role: 'reviewer' })).rejects.toMatchObject({ code: 'CONFLICT', fields: [{ messageKey: 'error_role_request_pending' }] });
		await requestRole(as(member), { role: 'municipal_official', municipalityId: place.id, position: 'Alcalde' });
		const other = await createMunicipality();
		await expect(requestRole(as(member), { role: 'municipal_official', municipalityId: other.id, position: 'Alcalde' })).resolves.toHaveProperty('id');
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
		await expect(requestRole(as(official), { role: 'municipal_official', municipalityId: place.id, position: 'Alcalde' })).rejects.toMatchObject({ code: 'CONFLICT', fields: [{ messageKey: 'error_role_request_held' }] });
	});
});

describe('decideRoleRequest', () => {
	it('approves: grants the role, audits both and mails the person in their language', async () => {
		const { admin, secretariat, member, place } = await people();
		const { id } = await requestRole(as(member, 'pt'), { role: 'municipal_official', municipalityId: place.id, position: 'Secretária de Obras' });
		const decided = await decideRoleRequest(as(secretariat), id, { decision: 'approve' });
		expect(decided).toMatchObject({ status: 'approved', reason: null });
		expect((await loadActor(member)).roles).toEqual([{ role: 'municipal_official', subRole: null, municipalityId: place.id }]);
		const granted = await listAuditEvents(as(admin), { action: 'role.granted', subject: member.id });
		expect(granted.items[0]).toMatchObject({ actorId: secretariat.id, details: { roleRequestId: id, municipalityId: place.id } });
		const approved = await listAuditEvents(as(admin), { action: 'role.request_approved', subject: member.id });
		expect(approved.items[0]).toMatchObject({ actorId: secretariat.id, details: { roleRequestId: id } });
		const mail = await listMail(as(admin), { to: member.email });
		expect(mail.items[0].subject).toContain('aprovada');
		await expect(decideRoleRequest(as(secretariat), id, { decision: 'decline', reason: 'Tarde.' })).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('declines only with a reason, which the person is mailed', async () => {
		const { admin, secretariat, member } = await people();
		const { id } = await requestRole(as(member), { role: 'statistics_editor' });
		await expect(decideRoleRequest(as(secretariat), id, { decision: 'decline' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'reason', messageKey: 'error_role_request_reason' }] });
		await decideRoleRequest(as(secretariat), id, { decision: 'decline', reason: 'No encontramos su cargo en el instituto.' });
		expect((await loadActor(member)).roles).toEqual([]);
		const [mine] = await listMyRoleRequests(as(member));
		expect(mine).toMatchObject({ status: 'declined', reason: 'No encontramos su cargo en el instituto.' });
		const mail = await listMail(as(admin), { to: member.email });
		expect(mail.items[0]).toMatchObject({ subject: expect.stringContaining('rechazada'), text: expect.stringContaining('No encontramos su cargo en el instituto.') });
		expect((await listAuditEvents(as(admin), { action: 'role.request_declined', subject: member.id })).items).toHaveLength(1);
		// Declined, one may ask again.
		await expect(requestRole(as(member), { role: 'statistics_editor' })).resolves.toHaveProperty('id');
	});

	it('is the secretariat’s (and administrators’), never one’s own', async () => {
		const { admin, secretariat, member } = await people();
		const { id } = await requestRole(as(member), { role: 'expert' });
		const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		await expect(decideRoleRequest(as(member), id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(decideRoleRequest(as(reviewer), id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(decideRoleRequest(as(null), id, { decision: 'approve' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(listRoleRequests(as(member), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const own = await requestRole(as(secretariat), { role: 'reviewer' });
		await expect(decideRoleRequest(as(secretariat), own.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(decideRoleRequest(as(admin), 'not-a-uuid', { decision: 'approve' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await decideRoleRequest(as(admin), id, { decision: 'approve' });
		expect((await loadActor(member)).roles).toEqual([{ role: 'expert', subRole: null, municipalityId: null }]);
	});

	it('lists requests for the secretariat, newest first, by status, with the person', async () => {
		const { secretariat, member } = await people();
		const other = await createUser();
		const first = await requestRole(as(member), { role: 'reviewer' });
		const second = await requestRole(as(other), { role: 'expert' });
		const page = await listRoleRequests(as(secretariat), { status: 'pending', pageSize: 100 });
		const ids = page.items.map((item) => item.id);
		expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
		expect(page.items.find((item) => item.id === first.id)?.person).toEqual({ id: member.id, name: member.name, email: member.email });
		await decideRoleRequest(as(secretariat), first.id, { decision: 'approve' });
		expect((await listRoleRequests(as(secretariat), { status: 'pending', pageSize: 100 })).items.some((item) => item.id === first.id)).toBe(false);
		expect((await listRoleRequests(as(secretariat), { status: 'approved', pageSize: 100 })).items.some((item) => item.id === first.id)).toBe(true);
	});
});

describe('withdrawRoleRequest', () => {
	it('withdraws one’s own pending request only', async () => {
		const { admin, secretariat, member } = await people();
		const other = await createUser();
		const { id } = await requestRole(as(member), { role: 'reviewer' });
		await expect(withdrawRoleRequest(as(other), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(withdrawRoleRequest(as(secretariat), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await withdrawRoleRequest(as(member), id);
		expect((await listMyRoleRequests(as(member)))[0].status).toBe('withdrawn');
		await expect(withdrawRoleRequest(as(member), id)).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(decideRoleRequest(as(secretariat), id, { decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await listAuditEvents(as(admin), { action: 'role.request_withdrawn', subject: member.id })).items).toHaveLength(1);
	});
});
