import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { getCallCalendar, proposeCall, proposeInstitution } from './service';

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('the calls calendar', () => {
	it('is RFC 5545 with one event per deadline still ahead, in UTC with the funder\'s local time in the text, filtered by theme', async () => {
		const secretariat = { actor: await createUser({ roles: [{ role: 'secretariat' }] }), locale: 'es' as const };
		const tag = uniqueToken();
		const { id: funderId } = await proposeInstitution(secretariat, { name: `Banco ${tag}`, kind: 'development_bank', countryCode: 'MX' });
		await proposeCall(secretariat, { funderId, title: `Residuos ${tag}`, opensAt: '2030-01-01', closesAt: '2030-03-31T18:00', timeZone: 'America/Mexico_City', themes: 'solid-waste' });
		await proposeCall(secretariat, { funderId, title: `Vieja ${tag}`, opensAt: '2020-01-01', closesAt: '2020-03-31T18:00', timeZone: 'America/Mexico_City', themes: 'solid-waste' });
		const ics = await getCallCalendar({ locale: 'es' }, { theme: 'solid-waste' }, { origin: 'https://cabildo.example', name: 'Convocatorias', now: new Date('2029-12-01T00:00:00Z') });
		expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:/);
		expect(ics).toContain(`SUMMARY:Residuos ${tag} (Banco ${tag})`);
		expect(ics).not.toContain(`Vieja ${tag}`);
		// 18:00 in Mexico City is midnight UTC.
		expect(ics).toContain('DTSTART:20300401T000000Z');
		expect(ics).toContain('DESCRIPTION:2030-03-31 18:00 (America/Mexico_City)');
		expect(ics).toContain('URL;VALUE=URI:https://cabildo.example/directorio/convocatorias/');
		expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
	});
});
