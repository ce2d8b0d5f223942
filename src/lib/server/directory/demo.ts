import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Actor } from '../context';
import type { Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { DEMO_EMAIL_DOMAIN, deleteDemoMail, upsertDemoUser } from '../demo';
import { referenceDataDir } from '../territories';
import { instantToZonedTime } from './call-status';
import { proposeService } from './cooperation-service';
import { createExpertProfile } from './expert-service';
import * as queries from './queries';
import * as searchQueries from './search-queries';
import { proposeCall, proposeInstitution } from './service';

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** The directory demo file's shape (reference-data/demo/directory.json). */
export const ZDirectoryDemo = z.object({
	description: z.string(),
	institutions: z.array(
		z.object({
			key: z.string(),
			name: z.string(),
			acronym: nullable(z.string()),
			kind: z.string(),
			countryCode: z.string(),
			countriesServed: z.array(z.string()).default([]),
			themes: z.array(z.string()).default([]),
			description: z.string().default(''),
			website: nullable(z.string()),
			networkMember: z.boolean().default(false),
			memberSince: nullable(z.string()),
			centreOfExcellence: nullable(z.object({ themes: z.array(z.string()), recognisedOn: z.string(), basis: z.string() })),
			parentKey: nullable(z.string())
		})
	),
	experts: z.array(
		z.object({
			key: z.string(),
			name: z.string(),
			headline: z.string().default(''),
			bio: z.string().default(''),
			competencies: z.array(z.object({ theme: z.string(), level: z.string() })).default([]),
			languages: z.array(z.string()).default([]),
			countries: z.array(z.string()).default([]),
			organisationKey: nullable(z.string()),
			availability: z.string().default('available'),
			feeMin: nullable(z.number()),
			feeMax: nullable(z.number()),
			feeCurrency: nullable(z.string())
		})
	),
	calls: z.array(
		z.object({
			key: z.string(),
			funderKey: z.string(),
			title: z.string(),
			description: z.string().default(''),
			themes: z.array(z.string()).default([]),
			sdgs: z.array(z.string()).default([]),
			eligibleCountries: z.array(z.string()).default([]),
			eligibleApplicants: z.array(z.string()).default([]),
			amountMin: nullable(z.number()),
			amountMax: nullable(z.number()),
			currency: nullable(z.string()),
			cofinancingPercent: nullable(z.number()),
			opensInDays: z.number().int(),
			closesInDays: z.number().int(),
			timeZone: z.string(),
			howToApply: z.string().default(''),
			link: nullable(z.string())
		})
	),
	services: z.array(
		z.object({
			key: z.string(),
			institutionKey: z.string(),
			name: z.string(),
			description: z.string().default(''),
			kind: z.string(),
			eligibility: z.string().default(''),
			eligibleApplicants: z.array(z.string()).default([]),
			languages: z.array(z.string()).default([]),
			serviceAreas: z.array(z.string()).default([]),
			themes: z.array(z.string()).default([]),
			cost: z.string().default('free'),
			costDetails: z.string().default(''),
			howToRequest: z.string().default('')
		})
	)
});

/** Where the directory demo file lives. */
export function directoryDemoPath(): string {
	return path.join(referenceDataDir(), '..', 'demo', 'directory.json');
}

// The file's keys only link its records together; they are not fields.
function withoutKey<T extends { key: string }>(item: T): Omit<T, 'key'> {
	const copy: Partial<T> = { ...item };
	delete copy.key;
	return copy as Omit<T, 'key'>;
}

const strip = <T extends Record<string, unknown>>(value: T) => Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null && item !== undefined));

/**
 * Replaces the directory's demonstration entries in one transaction, through the real services (so every rule
 * applies), as the demo secretariat account; calls' dates are relative to `now` so some are always open.
 */
export async function loadDemoDirectory(db: Executor, file = directoryDemoPath(), now = new Date()) {
	const demo = ZDirectoryDemo.parse(JSON.parse(readFileSync(file, 'utf8')));
	return inTransaction(db, async (tx) => {
		const removed = await queries.deleteDemoDirectory(tx);
		const email = `secretaria@${DEMO_EMAIL_DOMAIN}`;
		const id = await upsertDemoUser(tx, { email, name: 'Secretaría técnica (demo)', roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] });
		const actor: Actor = { id, email, name: 'Secretaría técnica (demo)', roles: [{ role: 'secretariat', subRole: 'programme_secretary', municipalityId: null }] };
		const ctx = { actor, locale: 'es' as const, tx };
		const keys = new Map<string, string>();
		// Parents first: an institution names its parent by key.
		const ordered = [...demo.institutions].sort((a, b) => Number(!!a.parentKey) - Number(!!b.parentKey));
		for (const item of ordered) {
			const { key, parentKey, centreOfExcellence, ...fields } = item;
			const { id: institutionId } = await proposeInstitution(
				ctx,
				strip({
					...fields,
					parentId: parentKey ? keys.get(parentKey) : undefined,
					centreOfExcellence: !!centreOfExcellence,
					excellenceThemes: centreOfExcellence?.themes ?? [],
					excellenceRecognisedOn: centreOfExcellence?.recognisedOn,
					excellenceBasis: centreOfExcellence?.basis
				})
			);
			keys.set(key, institutionId);
			await queries.markDirectoryDemo(tx, 'institution', institutionId);
		}
		for (const item of demo.experts) {
			const { organisationKey, ...fields } = withoutKey(item);
			const { id: expertId } = await createExpertProfile(
				ctx,
				strip({ ...fields, organisationId: organisationKey ? keys.get(organisationKey) : undefined, consentOn: now.toISOString().slice(0, 10), consentNote: 'Perfil ficticio de demostración' })
			);
			await queries.markDirectoryDemo(tx, 'expert', expertId);
		}
		for (const item of demo.calls) {
			const { funderKey, opensInDays, closesInDays, ...fields } = withoutKey(item);
			const at = (days: number) => instantToZonedTime(new Date(now.getTime() + days * 86_400_000), item.timeZone);
			const { id: callId } = await proposeCall(ctx, strip({ ...fields, funderId: keys.get(funderKey), opensAt: at(opensInDays), closesAt: at(closesInDays) }));
			await queries.markDirectoryDemo(tx, 'funding_call', callId);
		}
		for (const item of demo.services) {
			const { institutionKey, ...fields } = withoutKey(item);
			const { id: serviceId } = await proposeService(ctx, strip({ ...fields, institutionId: keys.get(institutionKey) }));
			await queries.markDirectoryDemo(tx, 'service', serviceId);
		}
		// The entries were listed as they were proposed; now marked as demonstration, and the removed ones gone.
		await searchQueries.refreshDirectoryListing(tx, 'demo');
		await deleteDemoMail(tx);
		const loaded = { institutions: demo.institutions.length, experts: demo.experts.length, calls: demo.calls.length, services: demo.services.length };
		await recordAudit(tx, { actorId: null, action: 'demo.directory_loaded', subjectType: 'directory', subjectId: 'demo', details: { removed, ...loaded } });
		return { removed, loaded };
	});
}
