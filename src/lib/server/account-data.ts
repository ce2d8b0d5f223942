// The signed-in person's data across modules (issue 13; LGPD, Ley 1581, LFPDPPP, Ley 29733): the app layer composes
// the accounts kernel with the domains, which the kernel may not import (decision 0013, .dependency-cruiser.cjs).
import { deleteMyAccount as deleteAccount, exportMyAccountData, type RequestOrigin } from './accounts';
import type { ServiceContext } from './context';
import { exportMyDirectoryRecords, removeMyDirectoryProfile } from './directory';
import { listMyRoleRequests } from './roles';
import { exportMyExperienceRecords, releaseMyOpenReviews } from './experiences';
import { exportMyStatisticsRecords } from './statistics';

/**
 * Everything about the signed-in person, as one JSON document (GET /cuenta/mis-datos.json): the account, roles, role
 * requests, sessions' metadata and the audit events about them; the experiences they created or wrote, their questions, reviews,
 * replications and attachments' names; their expert profile, proposed institutions and calls, services, requests,
 * corrections, reports, subscription and followed calls; their datasets and the values they entered.
 */
export async function exportMyData(ctx: ServiceContext, origin: RequestOrigin) {
	const [account, roleRequests, experiences, directory, statistics] = await Promise.all([
		exportMyAccountData(ctx, origin),
		listMyRoleRequests(ctx),
		exportMyExperienceRecords(ctx),
		exportMyDirectoryRecords(ctx),
		exportMyStatisticsRecords(ctx)
	]);
	return { format: 'cabildo-account-data/1', exportedAt: new Date().toISOString(), ...account, roleRequests, experiences, directory, statistics };
}

/**
 * Deletes the signed-in person's account (see accounts' deleteMyAccount) with, in the same transaction, their expert
 * profile and their review assignments not submitted yet. Everything they wrote stays, shown as by a former user.
 */
export async function deleteMyAccount(ctx: ServiceContext, input: unknown): Promise<void> {
	await deleteAccount(ctx, input, async (tx) => {
		const inTx = { ...ctx, tx };
		await removeMyDirectoryProfile(inTx);
		await releaseMyOpenReviews(inTx);
	});
}
