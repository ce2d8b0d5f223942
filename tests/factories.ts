// Test data builders: every call makes fresh, uniquely named rows so tests never depend on each other or on order.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import type { Actor, RoleName } from '../src/lib/server/context';
import { sql } from 'drizzle-orm';
import { getDb } from '../src/lib/server/db';
import { account, admin1, country, municipality, roleGrant, user } from '../src/lib/server/db/schema';
import { normalizeSearchText } from '../src/lib/server/territories/normalize';

/** A short random lower-case token, for unique names. */
export function uniqueToken(length = 8): string {
	const letters = 'bcdfghjklmnpqrstvwxz';
	return Array.from({ length }, () => letters[randomInt(letters.length)]).join('');
}

/** A random documentation-range-like IP, so rate-limit counters of different tests never meet. */
export function uniqueIp(): string {
	return `198.51.${randomInt(256)}.${randomInt(256)}-${randomBytes(3).toString('hex')}`;
}

// ISO 3166 user-assigned codes never clash with real countries. XA–XZ are shared: tests find their rows by
// unique names. QM–QZ are claimed, one test each per run, by tests that count what a country holds or load a
// country's file (on PostgreSQL every test file shares one database).
const testCountryCodes = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c) => `X${c}`);
const claimableCountryCodes = 'MNOPQRSTUVWXYZ'.split('').map((c) => `Q${c}`);

/** A test country code (shared between tests is fine: tests find their rows by unique names). */
export function testCountryCode(): string {
	return testCountryCodes[randomInt(testCountryCodes.length)];
}

/**
 * A test country code that no other test of this run uses (the claims are rows of `test_country_claim`, which the
 * integration setup creates empty for each run), for a test that counts a country's units or loads its file.
 */
export async function claimCountryCode(): Promise<string> {
	for (const code of claimableCountryCodes) {
		const claimed = await getDb().execute(sql`insert into test_country_claim (code) values (${code}) on conflict do nothing returning code`);
		if ((claimed as unknown as { rows: unknown[] }).rows.length) return code;
	}
	throw new Error(`Every claimable test country code (${claimableCountryCodes.length}) is taken in this run`);
}

/**
 * A first-level unit (a test country and a code from 100 to 999) that no other test of this run uses, for a test
 * that counts the unit's municipalities: `createMunicipality` draws its codes from 10 to 98, so a unit claimed here
 * never receives another test's municipality (a random pair did, once in a CI run, and a roll-up counted 4 for 3).
 */
export async function claimAdmin1(): Promise<{ countryCode: string; admin1Code: string }> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const countryCode = testCountryCode();
		const admin1Code = String(randomInt(100, 1000));
		const claimed = await getDb().execute(sql`insert into test_country_claim (code) values (${`${countryCode}-${admin1Code}`}) on conflict do nothing returning code`);
		if ((claimed as unknown as { rows: unknown[] }).rows.length) return { countryCode, admin1Code };
	}
	throw new Error('No free first-level test unit after 50 draws');
}

export interface MunicipalityOptions {
	countryCode?: string;
	admin1Code?: string;
	admin1Name?: string;
	name?: string;
	code?: string;
	population?: number | null;
	populationYear?: number | null;
	latitude?: number | null;
	longitude?: number | null;
}

/** Inserts a municipality (and its country and first-level unit when missing); returns its identifier and fields. */
export async function createMunicipality(options: MunicipalityOptions = {}) {
	const db = getDb();
	const countryCode = options.countryCode ?? testCountryCode();
	const admin1Code = options.admin1Code ?? String(randomInt(10, 99));
	const code = options.code ?? String(randomInt(10_000_000, 99_999_999));
	const name = options.name ?? `Villa ${uniqueToken()}`;
	await db.insert(country).values({ code: countryCode }).onConflictDoNothing();
	await db
		.insert(admin1)
		.values({ countryCode, code: admin1Code, name: options.admin1Name ?? `Región ${admin1Code}` })
		.onConflictDoNothing();
	const id = `${countryCode}-${code}`;
	const population = options.population === undefined ? randomInt(1_000, 100_000) : options.population;
	await db.insert(municipality).values({
		id,
		countryCode,
		code,
		name,
		searchName: normalizeSearchText(name),
		admin1Code,
		population,
		populationYear: options.populationYear === undefined ? (population === null ? null : 2020) : options.populationYear,
		latitude: options.latitude ?? null,
		longitude: options.longitude ?? null,
		source: 'test factory'
	});
	return { id, countryCode, code, name, admin1Code, population };
}

export interface UserOptions {
	email?: string;
	name?: string;
	password?: string;
	verified?: boolean;
	roles?: { role: Exclude<RoleName, 'member'>; subRole?: string; municipalityId?: string }[];
}

/** Inserts a user with a password and the given roles; returns the actor a service would receive. */
export async function createUser(options: UserOptions = {}): Promise<Actor & { password: string }> {
	const db = getDb();
	const id = randomUUID();
	const email = options.email ?? `${uniqueToken()}@example.org`;
	const name = options.name ?? `Persona ${uniqueToken(5)}`;
	const password = options.password ?? `pw-${uniqueToken(12)}`;
	await db.insert(user).values({ id, email, name, emailVerified: options.verified ?? true });
	await db.insert(account).values({
		id: randomUUID(),
		accountId: id,
		providerId: 'credential',
		userId: id,
		password: await hashPassword(password)
	});
	const roles = (options.roles ?? []).map((grant) => ({
		role: grant.role,
		subRole: grant.subRole ?? null,
		municipalityId: grant.municipalityId ?? null
	}));
	if (roles.length) await db.insert(roleGrant).values(roles.map((grant) => ({ ...grant, userId: id })));
	return { id, email, name, password, roles };
}

/** An administrator actor. */
export function createAdmin(): Promise<Actor & { password: string }> {
	return createUser({ roles: [{ role: 'admin' }] });
}

export interface ExperienceOptions {
	/** How far through the workflow to take it. */
	stage?: 'draft' | 'submitted' | 'in_review' | 'published';
	title?: string;
	summary?: string;
	context?: string;
	locale?: 'es' | 'pt' | 'en';
	themes?: string[];
	sdgs?: string[];
	population?: number | null;
	countryCode?: string;
	/** Scores (1–5, every criterion) of the reviews given before publishing; two reviews of 4 by default. */
	reviewScores?: number[];
}

/**
 * Builds an experience through the services (draft → submitted → in review → reviewed → published), with its
 * municipality, author, secretariat and reviewers; the taxonomy must be loaded.
 */
export async function createExperience(options: ExperienceOptions = {}) {
	const { createDraft, transitionExperience } = await import('../src/lib/server/experiences/service');
	const { assignReviewer, submitReview } = await import('../src/lib/server/experiences/review-service');
	const { rubricCriteria } = await import('../src/lib/server/experiences/review-rules');
	const stage = options.stage ?? 'published';
	const place = await createMunicipality({ population: options.population, countryCode: options.countryCode });
	const author = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
	const secretariat = await createUser({ roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] });
	const as = (actor: Actor) => ({ actor, locale: options.locale ?? ('es' as const) });
	const title = options.title ?? `Experiencia ${uniqueToken()}`;
	const { id } = await createDraft(as(author), {
		locale: options.locale ?? 'es',
		title,
		summary: options.summary ?? 'Resumen de prueba.',
		context: options.context ?? 'Contexto de prueba.',
		municipalityIds: [place.id],
		themes: options.themes ?? ['citizen-participation'],
		sdgs: options.sdgs ?? ['SDG16'],
		startDate: '2020-01-01'
	});
	const reviewers: (Actor & { password: string })[] = [];
	const reviewIds: string[] = [];
	if (stage !== 'draft') await transitionExperience(as(author), id, { action: 'submit' });
	if (stage === 'in_review' || stage === 'published') await transitionExperience(as(secretariat), id, { action: 'accept' });
	if (stage === 'published') {
		for (const score of options.reviewScores ?? [4, 4]) {
			const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
			const { id: reviewId } = await assignReviewer(as(secretariat), id, { reviewerEmail: reviewer.email, dueOn: '2999-12-31' });
			await submitReview(
				as(reviewer),
				reviewId,
				Object.fromEntries(rubricCriteria.flatMap((criterion) => [[criterion, score], [`${criterion}Comment`, 'Comentario.']]))
			);
			reviewers.push(reviewer);
			reviewIds.push(reviewId);
		}
		await transitionExperience(as(secretariat), id, { action: 'publish' });
	}
	return { id, title, place, author, secretariat, reviewers, reviewIds };
}
