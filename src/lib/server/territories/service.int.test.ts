import { describe, expect, it } from 'vitest';
import { createMunicipality, testCountryCode, uniqueToken } from '../../../../tests/factories';
import { getCountry, getMunicipality, getMunicipalityLabels, listCountries, searchMunicipalities } from './service';

const ctx = { locale: 'es' as const };

describe('searchMunicipalities', () => {
	it('finds names regardless of accents and case', async () => {
		const token = uniqueToken();
		const place = await createMunicipality({ name: `São João ${token}` });
		const result = await searchMunicipalities(ctx, { q: `SAO JOAO ${token.toUpperCase()}` });
		expect(result.items[0]?.id).toBe(place.id);
	});

	it('tolerates a typo and finds a word inside a longer name', async () => {
		const token = uniqueToken(10);
		const place = await createMunicipality({ name: `Bogotá ${token}, D.C.` });
		const typo = token.slice(0, 4) + token.slice(5);
		const result = await searchMunicipalities(ctx, { q: typo, pageSize: 100 });
		expect(result.items.map((item) => item.id)).toContain(place.id);
	});

	it('matches a fragment and an official code', async () => {
		const token = uniqueToken(10);
		const place = await createMunicipality({ name: `Puerto ${token}` });
		expect((await searchMunicipalities(ctx, { q: token.slice(2, 8) })).items.map((i) => i.id)).toContain(place.id);
		expect((await searchMunicipalities(ctx, { q: place.code })).items[0]?.id).toBe(place.id);
		expect((await searchMunicipalities(ctx, { q: place.id.toLowerCase() })).items[0]?.id).toBe(place.id);
	});

	it('ranks the exact name before longer names and shows the country of each', async () => {
		const token = uniqueToken();
		const countryA = testCountryCode();
		const longer = await createMunicipality({ name: `${token} del Norte`, countryCode: countryA, population: 900_000 });
		const exact = await createMunicipality({ name: token, population: 10 });
		const result = await searchMunicipalities(ctx, { q: token });
		expect(result.items.slice(0, 2).map((item) => item.id)).toEqual([exact.id, longer.id]);
		expect(result.items[1].country).toBe(countryA);
		expect(result.items[1].countryName).toBeTruthy();
	});

	it('paginates with a total and filters by country and first-level unit', async () => {
		const token = uniqueToken();
		const countryCode = testCountryCode();
		for (let index = 0; index < 5; index++) {
			await createMunicipality({ name: `Santa ${token} ${index}`, countryCode, admin1Code: index < 3 ? '01' : '02' });
		}
		const page = await searchMunicipalities(ctx, { q: `santa ${token}`, country: countryCode.toLowerCase(), pageSize: 2, page: 2 });
		expect(page.total).toBe(5);
		expect(page.items).toHaveLength(2);
		expect(page.page).toBe(2);
		const unit = await searchMunicipalities(ctx, { q: `santa ${token}`, country: countryCode, admin1: '02' });
		expect(unit.total).toBe(2);
	});

	it.each([
		[{ page: '-1' }, 'page'],
		[{ pageSize: '10000' }, 'pageSize'],
		[{ q: 'x'.repeat(10_240) }, 'q'],
		[{ country: 'Brazil' }, 'country'],
		[{ admin1: '35' }, 'admin1']
	])('refuses %j naming the field', async (input, field) => {
		await expect(searchMunicipalities(ctx, input)).rejects.toMatchObject({ code: 'VALIDATION', fields: [expect.objectContaining({ field })] });
	});

	it('refuses an unknown country', async () => {
		await expect(searchMunicipalities(ctx, { country: 'ZY' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'country', messageKey: 'error_country_unknown' }]
		});
	});
});

describe('getMunicipality', () => {
	it('returns the record with population year, source and location', async () => {
		const place = await createMunicipality({ population: 1234, populationYear: 2021, latitude: -23.5, longitude: -46.6 });
		const found = await getMunicipality(ctx, place.id);
		expect(found).toMatchObject({ id: place.id, code: place.code, population: 1234, populationYear: 2021, location: { lat: -23.5, lon: -46.6 }, source: 'test factory' });
	});

	it('answers NOT_FOUND for an unknown or malformed identifier', async () => {
		await expect(getMunicipality(ctx, 'XX-000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getMunicipality(ctx, '../etc/passwd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('countries', () => {
	it('counts municipalities and sums known population with coverage', async () => {
		const countryCode = testCountryCode();
		const before = (await listCountries(ctx)).find((c) => c.code === countryCode);
		await createMunicipality({ countryCode, population: 1000 });
		await createMunicipality({ countryCode, population: null });
		const after = (await listCountries(ctx)).find((c) => c.code === countryCode);
		expect(after!.municipalityCount - (before?.municipalityCount ?? 0)).toBe(2);
		expect(after!.municipalitiesWithPopulation - (before?.municipalitiesWithPopulation ?? 0)).toBe(1);
		expect((after!.population ?? 0) - (before?.population ?? 0)).toBe(1000);
	});

	it('names countries in the requested language', async () => {
		const place = await createMunicipality({ countryCode: 'XM' });
		const { country } = await getCountry({ locale: 'en' }, place.countryCode.toLowerCase());
		expect(country.code).toBe('XM');
		await expect(getCountry(ctx, 'zz')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('getMunicipalityLabels', () => {
	it('names ids in the order given, once each, leaving out malformed and unknown ones', async () => {
		const token = uniqueToken();
		const first = await createMunicipality({ name: `Ñuñoa ${token}`, admin1Name: `Metropolitana ${token}` });
		const second = await createMunicipality({ name: `Cuiabá ${token}` });
		const labels = await getMunicipalityLabels(ctx, [second.id, 'not an id', first.id.toLowerCase(), `${first.countryCode}-0`, second.id]);
		expect(labels.map((label) => label.id)).toEqual([second.id, first.id]);
		expect(labels[1]).toMatchObject({ name: `Ñuñoa ${token}`, admin1: `Metropolitana ${token}`, country: first.countryCode });
		expect(labels[1].countryName).toBeTruthy();
		expect(await getMunicipalityLabels(ctx, [])).toEqual([]);
	});
});
