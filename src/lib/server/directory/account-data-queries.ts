import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { callFollow, cooperationService, entryCorrection, entryReport, fundingCall, institution, serviceRequest, subscription } from '../db/schema';

/** Institutions a user proposed. */
export async function selectInstitutionsProposedBy(db: Executor, userId: string) {
	return db
		.select({ id: institution.id, name: institution.name, status: institution.status, createdAt: institution.createdAt })
		.from(institution)
		.where(eq(institution.proposedBy, userId))
		.orderBy(asc(institution.createdAt));
}

/** Funding calls a user proposed. */
export async function selectCallsProposedBy(db: Executor, userId: string) {
	return db
		.select({ id: fundingCall.id, title: fundingCall.title, status: fundingCall.status, createdAt: fundingCall.createdAt })
		.from(fundingCall)
		.where(eq(fundingCall.proposedBy, userId))
		.orderBy(asc(fundingCall.createdAt));
}

/** Cooperation services a user proposed or provides. */
export async function selectServicesOf(db: Executor, userId: string) {
	return db
		.select({ id: cooperationService.id, name: cooperationService.name, status: cooperationService.status, institutionId: cooperationService.institutionId, createdAt: cooperationService.createdAt })
		.from(cooperationService)
		.where(eq(cooperationService.providerUserId, userId))
		.orderBy(asc(cooperationService.createdAt));
}

/** Requests a user sent to providers. */
export async function selectRequestsOf(db: Executor, userId: string) {
	return db
		.select({ id: serviceRequest.id, serviceId: serviceRequest.serviceId, message: serviceRequest.message, status: serviceRequest.status, answer: serviceRequest.answer, createdAt: serviceRequest.createdAt })
		.from(serviceRequest)
		.where(eq(serviceRequest.requesterId, userId))
		.orderBy(asc(serviceRequest.createdAt));
}

/** Corrections a user proposed. */
export async function selectCorrectionsOf(db: Executor, userId: string) {
	return db
		.select({ id: entryCorrection.id, entryType: entryCorrection.entryType, entryId: entryCorrection.entryId, proposed: entryCorrection.proposed, note: entryCorrection.note, status: entryCorrection.status, createdAt: entryCorrection.createdAt })
		.from(entryCorrection)
		.where(eq(entryCorrection.proposedBy, userId))
		.orderBy(asc(entryCorrection.createdAt));
}

/** Reports a user made about entries. */
export async function selectReportsOf(db: Executor, userId: string) {
	return db
		.select({ id: entryReport.id, entryType: entryReport.entryType, entryId: entryReport.entryId, note: entryReport.note, createdAt: entryReport.createdAt, resolution: entryReport.resolution })
		.from(entryReport)
		.where(eq(entryReport.reporterId, userId))
		.orderBy(asc(entryReport.createdAt));
}

/** A user's digest subscription (without its unsubscribe token) and followed calls. */
export async function selectSubscriptionOf(db: Executor, userId: string) {
	const [row] = await db
		.select({ themes: subscription.themes, countries: subscription.countries, active: subscription.active, locale: subscription.locale, createdAt: subscription.createdAt })
		.from(subscription)
		.where(eq(subscription.userId, userId))
		.limit(1);
	const follows = await db.select({ callId: callFollow.callId, createdAt: callFollow.createdAt }).from(callFollow).where(eq(callFollow.userId, userId)).orderBy(asc(callFollow.createdAt));
	return { subscription: row, follows };
}
