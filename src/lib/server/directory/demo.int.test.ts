import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { loadDemoDirectory } from './demo';
import { searchDirectory } from './service';

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('the directory demo', () => {
	it('loads institutions, experts, calls with dates relative to today, and services, marked as demo; a reload replaces them', async () => {
		const tag = uniqueToken();
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'cabildo-demo-')), 'directory.json');
		writeFileSync(
			file,
			JSON.stringify({
				description: 'demo',
				institutions: [
					{ key: 'bank', name: `Banco ${tag}`, acronym: null, kind: 'development_bank', countryCode: 'US', countriesServed: ['BO'], themes: ['water-sanitation'], description: 'Banco.', website: null, networkMember: false, memberSince: null, centreOfExcellence: null, parentKey: null },
					{ key: 'school', name: `Escuela ${tag}`, acronym: 'ESC', kind: 'training_institute', countryCode: 'CO', themes: [], description: '', website: null, networkMember: true, memberSince: '2020-01-01', centreOfExcellence: { themes: ['public-management'], recognisedOn: '2025-06-01', basis: 'Programa de formación' }, parentKey: 'bank' }
				],
				experts: [{ key: 'e1', name: `Experta ${tag}`, headline: 'Agua', bio: '', competencies: [{ theme: 'water-sanitation', level: 'leading' }], languages: ['es'], countries: ['BO'], organisationKey: 'bank', availability: 'available', feeMin: null, feeMax: null, feeCurrency: null }],
				calls: [
					{ key: 'c1', funderKey: 'bank', title: `Abierta ${tag}`, themes: ['water-sanitation'], sdgs: ['SDG06'], eligibleCountries: ['BO'], eligibleApplicants: ['municipality'], amountMin: 1000, amountMax: 5000, currency: 'USD', cofinancingPercent: 10, opensInDays: -10, closesInDays: 30, timeZone: 'America/La_Paz', howToApply: '', link: null },
					{ key: 'c2', funderKey: 'bank', title: `Cerrada ${tag}`, themes: [], sdgs: [], eligibleCountries: [], eligibleApplicants: [], amountMin: null, amountMax: null, currency: null, cofinancingPercent: null, opensInDays: -90, closesInDays: -5, timeZone: 'UTC', howToApply: '', link: null }
				],
				services: [{ key: 's1', institutionKey: 'school', name: `Curso ${tag}`, description: '', kind: 'training', eligibility: '', eligibleApplicants: ['municipality'], languages: ['es'], serviceAreas: ['CO'], themes: [], cost: 'free', costDetails: '', howToRequest: '' }]
			})
		);
		const first = await loadDemoDirectory(getDb(), file);
		expect(first.loaded).toEqual({ institutions: 2, experts: 1, calls: 2, services: 1 });
		const page = await searchDirectory({ locale: 'es' }, { q: tag, pageSize: '50' });
		expect(page.total).toBe(6);
		expect(page.items.every((item) => item.isDemo)).toBe(true);
		expect(page.facets.callStatus).toEqual(expect.arrayContaining([{ value: 'open', count: 1 }, { value: 'closed', count: 1 }]));
		const second = await loadDemoDirectory(getDb(), file);
		expect(second.removed).toBeGreaterThanOrEqual(6);
		expect((await searchDirectory({ locale: 'es' }, { q: tag, pageSize: '50' })).total).toBe(6);
	});
});
