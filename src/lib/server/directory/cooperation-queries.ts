// Cooperation services and the requests sent to their providers.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, institution, serviceRequest, user } from '../db/schema';
import type { TService } from './schema';

const serviceColumns = (value: TService) => ({
	institutionId: value.institutionId,
	name: value.name,
	description: value.description,
	kind: value.kind,
	serviceStatus: value.serviceStatus,
	eligibility: value.eligibility,
	eligibleApplicants: value.eligibleApplicants,
	languages: value.languages,
	serviceAreas: value.serviceAreas,
	themes: value.themes,
	cost: value.cost,
	costDetails: value.costDetails,
	howToRequest: value.howToRequest
});

/** Inserts a cooperation service; returns its id. */
export async function insertService(
	db: Executor,
	value: TService,
	meta: { providerUserId: string; status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(cooperationService)
		.values({
			...serviceColumns(value),
			providerUserId: meta.providerUserId,
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: cooperationService.id });
	return row.id;
}

/** One service with its provider institution's name and the provider contact's e-mail. */
export async function selectService(db: Executor, id: string) {
	const [row] = await db
		.select({ service: cooperationService, institutionName: institution.name, providerEmail: user.email })
		.from(cooperationService)
		.innerJoin(institution, eq(institution.id, cooperationService.institutionId))
		.leftJoin(user, eq(user.id, cooperationService.providerUserId))
		.where(eq(cooperationService.id, id))
		.limit(1);
	return row;
}

/** Stores a request to a service; returns its id. */
export async function insertServiceRequest(db: Executor, values: { serviceId: string; requesterId: string; municipalityId: string | null; message: string }): Promise<string> {
	const [row] = await db.insert(serviceRequest).values(values).returning({ id: serviceRequest.id });
	return row.id;
}

/** The requests to the services a provider answers (or all, for the secretariat), newest first. */
export async function selectInbox(db: Executor, providerUserId: string | null) {
	const requester = user;
	return db
		.select({
			id: serviceRequest.id,
			serviceId: cooperationService.id,
			serviceName: cooperationService.name,
			requesterName: requester.name,
			requesterEmail: requester.email,
			municipalityId: serviceRequest.municipalityId,
			message: serviceRequest.message,
			status: serviceRequest.status,
			answer: serviceRequest.answer,
			createdAt: serviceRequest.createdAt,
			answeredAt: serviceRequest.answeredAt
		})
		.from(serviceRequest)
		.innerJoin(cooperationService, eq(cooperationService.id, serviceRequest.serviceId))
		.leftJoin(requester, eq(requester.id, serviceRequest.requesterId))
		.where(providerUserId ? eq(cooperationService.providerUserId, providerUserId) : undefined)
		.orderBy(sql`${serviceRequest.createdAt} desc`)
		.limit(200);
}

/** One request with its service's provider, locked for the answer. */
export async function selectRequestForUpdate(db: Executor, id: string) {
	const [row] = await db
		.select({ request: serviceRequest, providerUserId: cooperationService.providerUserId, serviceName: cooperationService.name })
		.from(serviceRequest)
		.innerJoin(cooperationService, eq(cooperationService.id, serviceRequest.serviceId))
		.where(eq(serviceRequest.id, id))
		.for('update', { of: serviceRequest })
		.limit(1);
	return row;
}

/** Records the provider's answer. */
export async function updateRequestAnswer(db: Executor, id: string, answer: string, by: string): Promise<void> {
	await db.update(serviceRequest).set({ answer, answeredBy: by, answeredAt: new Date(), status: 'answered' }).where(eq(serviceRequest.id, id));
}

/** The e-mail of a user. */
export async function selectUserEmail(db: Executor, id: string): Promise<string | undefined> {
	const [row] = await db.select({ email: user.email }).from(user).where(eq(user.id, id)).limit(1);
	return row?.email;
}
