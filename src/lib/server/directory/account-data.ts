import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { requireActor } from '../policy';
import * as queries from './account-data-queries';
import { deleteExpertProfile, exportMyExpertData, getMyExpertProfileId } from './expert-service';

const iso = (value: Date) => value.toISOString();
const dated = <T extends { createdAt: Date }>(rows: T[]) => rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) }));

/** What the directory holds about the signed-in person, for their data download (the expert profile in full). */
export async function exportMyDirectoryRecords(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const hasProfile = !!(await getMyExpertProfileId(ctx));
	const [institutions, fundingCalls, services, requests, corrections, reports, digest] = await Promise.all([
		queries.selectInstitutionsProposedBy(db, actor.id),
		queries.selectCallsProposedBy(db, actor.id),
		queries.selectServicesOf(db, actor.id),
		queries.selectRequestsOf(db, actor.id),
		queries.selectCorrectionsOf(db, actor.id),
		queries.selectReportsOf(db, actor.id),
		queries.selectSubscriptionOf(db, actor.id)
	]);
	return {
		expertProfile: hasProfile ? await exportMyExpertData(ctx) : null,
		proposedInstitutions: dated(institutions),
		proposedFundingCalls: dated(fundingCalls),
		services: dated(services),
		serviceRequests: dated(requests),
		corrections: dated(corrections),
		reports: dated(reports),
		subscription: digest.subscription ? { ...digest.subscription, createdAt: iso(digest.subscription.createdAt) } : null,
		followedCalls: dated(digest.follows)
	};
}

/**
 * Before the signed-in person's account is deleted (in its transaction, `ctx.tx`): their expert profile is deleted
 * (it describes them); what they proposed stays, without a proposer. The subscription and follows go with the account.
 */
export async function removeMyDirectoryProfile(ctx: ServiceContext): Promise<void> {
	const id = await getMyExpertProfileId(ctx);
	if (id) await deleteExpertProfile(ctx, id);
}
