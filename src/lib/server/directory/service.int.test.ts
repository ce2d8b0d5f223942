import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { getCall, getInstitution, proposeCall, proposeInstitution, searchDirectory } from './service';
import { listOpenReports, listPendingEntries, moderateEntry, reportOutdated, settleReports } from './moderation-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let secretariat: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

async function funder(name = `Fondo Municipal ${uniqueToken()}`) {
	return proposeInstitution(as(secretariat), { name, kind: 'development_bank', countryCode: 'CO', themes: ['water-sanitation'], description: 'Financia obras de agua potable.' });
}

describe('institutions', () => {
	it('the secretariat\'s entries are verified at once; a member\'s wait in the queue until verified', async () => {
		const tag = uniqueToken();
		const mine = await funder(`Instituto de Capacitación ${tag}`);
		expect(mine.status).toBe('verified');
		const member = await createUser();
		const proposed = await proposeInstitution(as(member), { name: `Asociación de Municipios ${tag}`, kind: 'municipal_association', countryCode: 'pe' });
		expect(proposed.status).toBe('pending');
		expect((await searchDirectory(as(null), { q: tag })).items.map((item) => item.id)).toEqual([mine.id]);
		await expect(getInstitution(as(null), proposed.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect((await getInstitution(as(member), proposed.id)).status).toBe('pending');
		expect((await listPendingEntries(as(secretariat))).map((entry) => entry.id)).toContain(proposed.id);
		await expect(moderateEntry(as(secretariat), 'institution', proposed.id, { decision: 'reject' })).rejects.toMatchObject({ code: 'VALIDATION' });
		await moderateEntry(as(secretariat), 'institution', proposed.id, { decision: 'verify' });
		expect((await searchDirectory(as(null), { q: `asociacion ${tag}` })).items.map((item) => item.id)).toEqual([proposed.id]);
		await expect(moderateEntry(as(member), 'institution', proposed.id, { decision: 'verify' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('a member’s proposal cannot make itself a network member or a centre of excellence (issue 13 finding 3)', async () => {
		const member = await createUser();
		const claims = { networkMember: 'true', memberSince: '2001-01-01', centreOfExcellence: 'true', excellenceThemes: ['water-sanitation'], excellenceRecognisedOn: '2020-05-01', excellenceBasis: 'Lo digo yo' };
		const proposed = await proposeInstitution(as(member), { name: `Instituto ${uniqueToken()}`, kind: 'training_institute', countryCode: 'BO', description: 'Formación municipal.', ...claims });
		// The queue shows every field the proposal holds, so the secretariat verifies what it sees.
		const queued = (await listPendingEntries(as(secretariat))).find((entry) => entry.id === proposed.id);
		expect(queued?.fields).toEqual(expect.arrayContaining([{ field: 'description', value: 'Formación municipal.' }, { field: 'kind', value: 'training_institute' }, { field: 'countryCode', value: 'BO' }]));
		expect(queued?.fields.map((item) => item.field)).not.toContain('centreOfExcellence');
		await moderateEntry(as(secretariat), 'institution', proposed.id, { decision: 'verify' });
		const shown = await getInstitution(as(null), proposed.id);
		expect(shown).toMatchObject({ description: 'Formación municipal.', networkMember: false, memberSince: null, centreOfExcellence: null });
		// The secretariat sets them, on its own entries or on a correction.
		const granted = await proposeInstitution(as(secretariat), { name: `Centro ${uniqueToken()}`, kind: 'training_institute', countryCode: 'BO', ...claims });
		expect(await getInstitution(as(null), granted.id)).toMatchObject({ networkMember: true, memberSince: '2001-01-01', centreOfExcellence: { themes: ['water-sanitation'], recognisedOn: '2020-05-01' } });
	});

	it('refuses a duplicate (same name and country, any capitals), bad contacts and unknown themes, naming the fields', async () => {
		const name = `Federación ${uniqueToken()}`;
		await proposeInstitution(as(secretariat), { name, kind: 'municipal_association', countryCode: 'BR' });
		await expect(proposeInstitution(as(secretariat), { name: name.toUpperCase(), kind: 'municipal_association', countryCode: 'br' })).rejects.toMatchObject({
			code: 'CONFLICT',
			fields: [{ field: 'name', messageKey: 'error_institution_duplicate' }]
		});
		await expect(
			proposeInstitution(as(secretariat), { name: `${name} bis`, kind: 'bank', countryCode: 'BRA', email: 'no', phone: '12', website: 'javascript:alert(1)', themes: 'nope' })
		).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: expect.arrayContaining([
				expect.objectContaining({ field: 'kind' }),
				expect.objectContaining({ field: 'countryCode' }),
				expect.objectContaining({ field: 'email' }),
				expect.objectContaining({ field: 'phone' }),
				expect.objectContaining({ field: 'website' })
			])
		});
		await expect(proposeInstitution(as(null), { name: 'X', kind: 'ngo', countryCode: 'BR' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});
});

describe('funding calls', () => {
	it('reads dates in the funder\'s time zone, computes the status from the clock, and sorts by closing date', async () => {
		const tag = uniqueToken();
		const { id: funderId } = await funder();
		const later = await proposeCall(as(secretariat), { funderId, title: `Convocatoria agua ${tag} B`, opensAt: '2026-01-01', closesAt: '2026-06-30T17:00', timeZone: 'America/Bogota', amountMin: '1000', amountMax: '50000', currency: 'usd', eligibleApplicants: 'municipality' });
		const sooner = await proposeCall(as(secretariat), { funderId, title: `Convocatoria agua ${tag} A`, opensAt: '2026-01-01', closesAt: '2026-05-01T17:00', timeZone: 'America/Bogota' });
		const call = await getCall(as(null), later.id, new Date('2026-06-20T00:00:00Z'));
		expect(call).toMatchObject({ closesAt: '2026-06-30T22:00:00.000Z', closesLocal: '2026-06-30T17:00', callStatus: 'closing_soon', amount: { min: 1000, max: 50000, currency: 'USD' } });
		const page = await searchDirectory(as(null), { q: tag, type: 'funding_call', sort: 'closing' }, new Date('2026-04-01T00:00:00Z'));
		expect(page.items.map((item) => [item.id, item.callStatus])).toEqual([
			[sooner.id, 'open'],
			[later.id, 'open']
		]);
		const closed = await searchDirectory(as(null), { q: tag, callStatus: 'closed' }, new Date('2026-05-15T00:00:00Z'));
		expect(closed.items.map((item) => item.id)).toEqual([sooner.id]);
		expect(closed.facets.callStatus).toEqual([{ value: 'closed', count: 1 }]);
	});

	it('refuses a closing date before the opening, a negative or inverted amount, an unknown currency or time zone', async () => {
		const { id: funderId } = await funder();
		await expect(
			proposeCall(as(secretariat), { funderId, title: 'Mal', opensAt: '2026-05-01', closesAt: '2026-04-01', timeZone: 'Mars/Base', amountMin: '-1', amountMax: '5', currency: 'XYZ', cofinancingPercent: '150' })
		).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: expect.arrayContaining([
				expect.objectContaining({ field: 'closesAt', messageKey: 'error_closes_before_opens' }),
				expect.objectContaining({ field: 'timeZone' }),
				expect.objectContaining({ field: 'amountMin', messageKey: 'error_amount_negative' }),
				expect.objectContaining({ field: 'currency', messageKey: 'error_currency_unknown' }),
				expect.objectContaining({ field: 'cofinancingPercent' })
			])
		});
		await expect(proposeCall(as(secretariat), { funderId: '00000000-0000-4000-8000-000000000000', title: 'Sin financiador', opensAt: '2026-01-01', closesAt: '2026-02-01', timeZone: 'UTC' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'funderId' }]
		});
	});
});

describe('one search box', () => {
	it('finds institutions and calls together, accent-insensitive, with type, country and theme facets', async () => {
		const tag = uniqueToken();
		const { id: funderId } = await proposeInstitution(as(secretariat), { name: `Agencia de Cooperación ${tag}`, kind: 'cooperation_agency', countryCode: 'ES', countriesServed: 'BO PE', themes: ['water-sanitation'] });
		await proposeCall(as(secretariat), { funderId, title: `Saneamiento rural ${tag}`, opensAt: '2026-01-01', closesAt: '2099-01-01', timeZone: 'America/La_Paz', eligibleCountries: 'BO', themes: 'water-sanitation' });
		const page = await searchDirectory(as(null), { q: `cooperacion ${tag}` });
		expect(page.items.map((item) => item.type).sort()).toEqual(['funding_call', 'institution']);
		expect(page.facets.type).toEqual(expect.arrayContaining([{ value: 'institution', count: 1 }, { value: 'funding_call', count: 1 }]));
		expect((await searchDirectory(as(null), { q: tag, country: 'pe' })).items.map((item) => item.type)).toEqual(['institution']);
		expect((await searchDirectory(as(null), { q: tag, theme: 'water-sanitation', type: 'funding_call' })).total).toBe(1);
		await expect(searchDirectory(as(null), { type: 'person', callStatus: 'soon' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});

describe('keeping entries current', () => {
	it('flags entries not re-verified for 12 months; a report reaches the secretariat, which re-verifies', async () => {
		const { id } = await funder();
		await getDb().execute(`update institution set verified_at = now() - interval '400 days' where id = '${id}'`);
		expect((await getInstitution(as(null), id)).possiblyOutdated).toBe(true);
		const member = await createUser();
		await expect(reportOutdated(as(member), 'institution', id, { note: 'x' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'note', messageKey: 'error_report_note' }] });
		await expect(reportOutdated(as(null), 'institution', id, { note: 'Cambió de dirección' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await reportOutdated(as(member), 'institution', id, { note: 'Cambió de dirección y de teléfono' });
		expect((await listOpenReports(as(secretariat))).filter((report) => report.entryId === id)).toMatchObject([{ type: 'institution', note: 'Cambió de dirección y de teléfono' }]);
		await expect(listOpenReports(as(member))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await settleReports(as(secretariat), 'institution', id, 'reverify');
		expect((await getInstitution(as(null), id)).possiblyOutdated).toBe(false);
		expect((await listOpenReports(as(secretariat))).filter((report) => report.entryId === id)).toEqual([]);
	});
});
