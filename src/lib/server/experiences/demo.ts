import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Actor, RoleName } from '../context';
import type { Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { referenceDataDir } from '../territories';
import { deleteDemoMail, DEMO_EMAIL_DOMAIN, upsertDemoUser } from '../demo';
import { syncListing } from './listing';
import * as queries from './queries';
import { assignReviewer, submitReview } from './review-service';
import { rubricCriteria } from './review-rules';
import { createDraft, saveTranslation, transitionExperience } from './service';

const ZText = z.object({
	title: z.string().min(1).max(200),
	summary: z.string().max(2000),
	context: z.string(),
	objectives: z.string(),
	actors: z.string(),
	participation: z.string(),
	resources: z.string(),
	lessons: z.string(),
	replication: z.string()
});
const score = z.number().int().min(1).max(5);

/** The demo file's shape (reference-data/demo/experiences.json). */
export const ZDemoFile = z.object({
	description: z.string(),
	experiences: z.array(
		z.object({
			key: z.string().regex(/^[a-z0-9-]+$/),
			stage: z.enum(['draft', 'submitted', 'returned', 'in_review', 'published', 'rejected']),
			reviews: z.array(
				z.object({ relevance: score, evidence: score, sustainability: score, replicability: score, participation: score, innovation: score, comment: z.string() })
			),
			municipalityIds: z.array(z.string()).min(1),
			themes: z.array(z.string()),
			sdgs: z.array(z.string()),
			originalLocale: z.enum(['es', 'pt', 'en']),
			budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
			startDate: z.string().nullable(),
			endDate: z.string().nullable(),
			ongoing: z.boolean(),
			contactName: z.string().nullable().optional(),
			texts: z.partialRecord(z.enum(['es', 'pt', 'en']), ZText),
			results: z.array(z.object({ indicator: z.string(), before: z.string(), after: z.string(), source: z.string() })).default([]),
			links: z.array(z.object({ label: z.string(), url: z.string() })).default([])
		})
	)
});
type DemoExperience = z.output<typeof ZDemoFile>['experiences'][number];

/** Where the demo file lives. */
export function demoFilePath(): string {
	return path.join(referenceDataDir(), '..', 'demo', 'experiences.json');
}

const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

async function demoActor(tx: Executor, local: string, name: string, roles: { role: RoleName; subRole?: string; municipalityId?: string }[]): Promise<Actor> {
	const address = email(local);
	const id = await upsertDemoUser(tx, { email: address, name, roles });
	return { id, email: address, name, roles: roles.map((grant) => ({ role: grant.role, subRole: grant.subRole ?? null, municipalityId: grant.municipalityId ?? null })) };
}

/**
 * Replaces the demonstration experiences with those of the demo file, in one transaction, driving each through the
 * real workflow (drafts, submissions, reviews, decisions) as demonstration accounts that cannot sign in.
 */
export async function loadDemoExperiences(db: Executor, file = demoFilePath()): Promise<{ removed: number; loaded: Record<string, number> }> {
	const demo = ZDemoFile.parse(JSON.parse(readFileSync(file, 'utf8')));
	return inTransaction(db, async (tx) => {
		const removed = await queries.deleteDemoExperiences(tx);
		const secretariat = await demoActor(tx, 'secretaria', 'Secretaría técnica (demo)', [{ role: 'secretariat', subRole: 'programme_secretary' }]);
		const reviewers: Actor[] = [];
		// One after another: a transaction is one connection.
		for (const n of [1, 2, 3]) reviewers.push(await demoActor(tx, `evaluador-${n}`, `Evaluador/a ${n} (demo)`, [{ role: 'reviewer' }]));
		const loaded: Record<string, number> = {};
		const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
		let publishedIndex = 0;
		for (const item of demo.experiences) {
			const author = await demoActor(
				tx,
				`autor-${item.key}`,
				`Equipo municipal (demo)`,
				item.municipalityIds.map((municipalityId) => ({ role: 'municipal_official' as const, municipalityId }))
			);
			const id = await loadOne(tx, item, { author, secretariat, reviewers, due });
			await queries.markDemo(tx, id);
			if (item.stage === 'published') {
				// Spread over past months so "newest" and the feeds look like a living bank.
				await queries.updatePublishedAt(tx, id, new Date(Date.now() - (publishedIndex++ * 9 + 2) * 86_400_000));
			}
			await syncListing(tx, id);
			loaded[item.stage] = (loaded[item.stage] ?? 0) + 1;
		}
		await deleteDemoMail(tx);
		await recordAudit(tx, { actorId: null, action: 'demo.loaded', subjectType: 'experience', subjectId: 'demo', details: { removed, loaded } });
		return { removed, loaded };
	});
}

async function loadOne(
	tx: Executor,
	item: DemoExperience,
	people: { author: Actor; secretariat: Actor; reviewers: Actor[]; due: string }
): Promise<string> {
	const as = (actor: Actor) => ({ actor, locale: 'es' as const, tx });
	const original = item.texts[item.originalLocale];
	if (!original) throw new Error(`${item.key}: no text in its original language ${item.originalLocale}`);
	const { id } = await createDraft(as(people.author), {
		locale: item.originalLocale,
		...original,
		municipalityIds: item.municipalityIds,
		themes: item.themes,
		sdgs: item.sdgs,
		budgetAmount: item.budget?.amount,
		budgetCurrency: item.budget?.currency,
		startDate: item.startDate ?? undefined,
		endDate: item.endDate ?? undefined,
		ongoing: item.ongoing,
		contactName: item.contactName ?? undefined,
		results: item.results,
		links: item.links
	});
	for (const [locale, text] of Object.entries(item.texts)) {
		if (locale !== item.originalLocale && text) await saveTranslation(as(people.author), id, { locale, ...text });
	}
	if (item.stage === 'draft') return id;
	await transitionExperience(as(people.author), id, { action: 'submit' });
	if (item.stage === 'submitted') return id;
	if (item.stage === 'returned') {
		await transitionExperience(as(people.secretariat), id, { action: 'return', comment: 'Faltan indicadores de resultados con sus fuentes; por favor complételos.' });
		return id;
	}
	await transitionExperience(as(people.secretariat), id, { action: 'accept' });
	const assigned = Math.max(2, item.reviews.length);
	const reviewIds: string[] = [];
	for (const reviewer of people.reviewers.slice(0, assigned)) {
		reviewIds.push((await assignReviewer(as(people.secretariat), id, { reviewerEmail: reviewer.email, dueOn: people.due })).id);
	}
	for (const [index, review] of item.reviews.entries()) {
		const values = Object.fromEntries(rubricCriteria.flatMap((criterion) => [[criterion, review[criterion]], [`${criterion}Comment`, review.comment]]));
		await submitReview(as(people.reviewers[index]), reviewIds[index], values);
	}
	if (item.stage === 'published') await transitionExperience(as(people.secretariat), id, { action: 'publish' });
	if (item.stage === 'rejected') await transitionExperience(as(people.secretariat), id, { action: 'reject', comment: 'Las evaluaciones no alcanzan el mínimo para publicar.' });
	return id;
}
