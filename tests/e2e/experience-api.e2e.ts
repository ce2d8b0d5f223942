import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContext } from './accounts';
import { launchBrowser, newContext } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

describe('the experience workflow over the API', () => {
	it('drafts, submits and accepts an experience; unpublished records stay hidden from others', async () => {
		const secretariat = await adminContext(browser);
		const api = secretariat.request;

		const created = await api.post('/api/v1/experiences', {
			data: { locale: 'es', title: 'Mesa de diálogo vecinal', municipalityIds: ['MX-14039'], themes: ['citizen-participation'], sdgs: ['SDG16'] }
		});
		expect(created.status()).toBe(201);
		const { id } = await created.json();

		const invalid = await api.post('/api/v1/experiences', { data: { locale: 'es', title: '', budgetAmount: -1 }, headers: { 'accept-language': 'en' } });
		expect(invalid.status()).toBe(400);
		expect((await invalid.json()).error.details.fields).toEqual(
			expect.arrayContaining([{ field: 'title', message: 'Fill in this field.' }, { field: 'budgetAmount', message: 'The amount cannot be negative.' }])
		);

		const anonymous = await (await newContext(browser)).request.get(`/api/v1/experiences/${id}`);
		expect(anonymous.status()).toBe(404);
		expect((await anonymous.json()).error.code).toBe('NOT_FOUND');

		expect((await (await api.post(`/api/v1/experiences/${id}/transitions`, { data: { action: 'submit' } })).json()).state).toBe('submitted');
		expect((await (await api.post(`/api/v1/experiences/${id}/transitions`, { data: { action: 'accept' } })).json()).state).toBe('in_review');
		const early = await api.post(`/api/v1/experiences/${id}/transitions`, { data: { action: 'publish' } });
		expect(early.status()).toBe(409);

		const record = await (await api.get(`/api/v1/experiences/${id}?lang=pt`)).json();
		expect(record).toMatchObject({ state: 'in_review', municipalities: [{ id: 'MX-14039', name: 'Guadalajara' }], translated: false, locale: 'es' });
		expect(record.history.map((event: { action: string }) => event.action)).toEqual(['submit', 'accept']);
	});
});
