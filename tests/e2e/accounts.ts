// Account helpers for journeys that need several people: sign-up through the real forms, confirmation through the
// outbox, roles granted by the administrator through the API.
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { expect, inject } from 'vitest';
import { newContext } from './harness';

/** Signs a context in through the sign-in form (no page needed). */
export async function signInContext(context: BrowserContext, email: string, password: string): Promise<void> {
	const response = await context.request.post('/cuenta/entrar', {
		form: { email, password },
		headers: { origin: inject('baseURL'), accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), `sign in ${email}`).toBe(303);
}

/** A context signed in as the administrator of the server under test (the run's one administrator session). */
export async function adminContext(browser: Browser): Promise<BrowserContext> {
	const context = await newContext(browser);
	const url = new URL(inject('baseURL'));
	await context.addCookies(inject('adminCookies').map((cookie) => ({ ...cookie, domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })));
	return context;
}

/**
 * Creates a confirmed account with the given role (signed up through the form, confirmed with the link from the
 * outbox, granted by the administrator) and returns a context signed in as that person.
 */
export async function createAccount(
	browser: Browser,
	admin: APIRequestContext,
	person: { name: string; role?: 'reviewer' | 'municipal_official' | 'secretariat' | 'statistics_editor'; municipalityId?: string; subRole?: string }
): Promise<{ context: BrowserContext; email: string; password: string }> {
	const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.org`;
	const password = 'una contraseña bastante larga';
	const context = await newContext(browser);
	const headers = { origin: inject('baseURL'), accept: 'text/html' };
	const signUp = await context.request.post('/cuenta/registro', {
		form: { name: person.name, email, password, passwordConfirm: password },
		headers,
		maxRedirects: 0
	});
	expect(signUp.status(), 'sign up').toBeLessThan(400);
	const outbox = await (await admin.get(`/admin/correo?to=${encodeURIComponent(email)}`)).text();
	const mailPath = /href="(\/admin\/correo\/[0-9a-f-]{36})"/.exec(outbox)?.[1];
	expect(mailPath, 'confirmation mail in the outbox').toBeTruthy();
	const mail = await (await admin.get(mailPath!)).text();
	const link = /https?:\/\/[^"\s<]+\/cuenta\/verificar\?token=[^"\s<]+/.exec(mail)?.[0];
	expect(link, 'confirmation link').toBeTruthy();
	const url = new URL(link!.replace(/&amp;/g, '&'));
	expect((await context.request.get(url.pathname + url.search)).status()).toBe(200);
	if (person.role) {
		const users = await (await admin.get(`/admin/usuarios?q=${encodeURIComponent(email)}`)).text();
		const userId = /href="\/admin\/usuarios\/([^"?]+)"/.exec(users)?.[1];
		expect(userId, 'user in the admin list').toBeTruthy();
		const grant = await admin.post(`/api/v1/admin/users/${userId}/roles`, {
			data: { role: person.role, municipalityId: person.municipalityId, subRole: person.subRole }
		});
		expect(grant.status(), await grant.text()).toBe(201);
	}
	await signInContext(context, email, password);
	return { context, email, password };
}
