import { z } from 'zod';
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { consumeRateLimits, rateRules } from '../rate-limit';
import { hasRole, isOfficialOf, requireActor } from '../policy';
import * as queries from './queries';
import * as cooperationQueries from './cooperation-queries';
import * as searchQueries from './search-queries';
import { ZService, ZServiceAnswer, ZServiceRequest } from './schema';
import { fold } from './service';
import { findActiveTerms } from '../taxonomy';

const ZId = z.uuid();

function parseId(id: unknown): string {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}

/** A signed-in user offers a service of an institution and becomes its provider contact; the secretariat's are verified at once. */
export async function proposeService(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: string }> {
	const actor = requireActor(ctx.actor);
	const value = parseInput(ZService, input);
	return inTransaction(ctx.tx, async (tx) => {
		const provider = await queries.selectInstitution(tx, value.institutionId);
		if (!provider || provider.status === 'rejected') throw new AppError('VALIDATION', { fields: [{ field: 'institutionId', messageKey: 'error_provider_required' }] });
		const known = await findActiveTerms(tx, 'theme', value.themes);
		if (value.themes.some((code) => !known.has(code))) throw new AppError('VALIDATION', { fields: [{ field: 'themes', messageKey: 'error_field_invalid' }] });
		const secretariat = hasRole(actor, 'secretariat');
		const status = secretariat ? 'verified' : 'pending';
		const id = await cooperationQueries.insertService(tx, value, {
			providerUserId: actor.id,
			status,
			proposedBy: actor.id,
			verifiedBy: secretariat ? actor.id : null,
			document: queries.searchDocument(fold(`${value.name} ${provider.name} ${provider.acronym ?? ''}`), fold(`${value.description} ${value.eligibility}`))
		});
		await searchQueries.refreshDirectoryListing(tx, { type: 'service', ids: [id] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.service_proposed', subjectType: 'service', subjectId: id, details: { status }, requestId: ctx.requestId });
		return { id, status };
	});
}

/** One service as HSDS describes it (service, organization, eligibility, languages, cost, how to request, areas). */
export async function getService(ctx: ServiceContext, id: unknown) {
	const row = await cooperationQueries.selectService(ctx.tx ?? getDb(), parseId(id));
	if (!row) throw new AppError('NOT_FOUND');
	const { service } = row;
	const mine = !!ctx.actor && service.providerUserId === ctx.actor.id;
	if (service.status !== 'verified' && !mine && !hasRole(ctx.actor, 'secretariat')) throw new AppError('NOT_FOUND');
	return {
		id: service.id,
		name: service.name,
		description: service.description,
		kind: service.kind,
		serviceStatus: service.serviceStatus,
		organization: { id: service.institutionId, name: row.institutionName },
		eligibility: service.eligibility,
		eligibleApplicants: service.eligibleApplicants,
		languages: service.languages,
		serviceAreas: service.serviceAreas,
		themes: service.themes,
		cost: service.cost,
		costDetails: service.costDetails,
		howToRequest: service.howToRequest,
		status: service.status,
		verifiedAt: service.verifiedAt?.toISOString() ?? null,
		isProvider: mine,
		isDemo: service.isDemo,
		// Any signed-in user can ask; the request form needs an account so the provider can answer.
		canRequest: !!ctx.actor && !mine && service.status === 'verified' && service.serviceStatus === 'active'
	};
}

/**
 * A signed-in user sends a request to a service's provider (5 per hour per account, 20 per day per address); the
 * provider is e-mailed in the same transaction and sees it in their inbox.
 */
export async function requestService(ctx: ServiceContext, id: unknown, input: unknown, ip: string): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const serviceId = parseId(id);
	const value = parseInput(ZServiceRequest, input);
	// Issue 13 finding 7: a request names a municipality only when the requester is one of its officials; without one
	// it is personal. Naming another is refused with the field named, and the form keeps the message.
	if (value.municipalityId && !isOfficialOf(actor, value.municipalityId)) throw new AppError('FORBIDDEN', { fields: [{ field: 'municipalityId', messageKey: 'error_service_request_not_official' }] });
	await consumeRateLimits(
		[
			{ rule: rateRules.serviceRequestPerAccount, subject: actor.id },
			{ rule: rateRules.serviceRequestPerIp, subject: ip }
		],
		{ db: ctx.tx }
	);
	return inTransaction(ctx.tx, async (tx) => {
		const row = await cooperationQueries.selectService(tx, serviceId);
		if (!row || row.service.status !== 'verified') throw new AppError('NOT_FOUND');
		if (row.service.serviceStatus !== 'active') throw new AppError('CONFLICT', { fields: [{ field: 'message', messageKey: 'error_service_inactive' }] });
		const requestId = await cooperationQueries.insertServiceRequest(tx, { serviceId, requesterId: actor.id, municipalityId: value.municipalityId ?? null, message: value.message });
		if (row.providerEmail) {
			await queueMail(tx, {
				to: row.providerEmail,
				subject: translate('mail_service_request_subject', ctx.locale, { service: row.service.name }),
				text: translate('mail_service_request_body', ctx.locale, {
					service: row.service.name,
					name: actor.name,
					message: value.message,
					url: new URL(`${localePrefix(ctx.locale)}/directorio/solicitudes`, getConfig().origin).toString()
				})
			});
		}
		await recordAudit(tx, { actorId: actor.id, action: 'directory.service_requested', subjectType: 'service', subjectId: serviceId, details: { requestId }, requestId: ctx.requestId });
		return { id: requestId };
	});
}

/** The provider's inbox: requests to the services they answer (every request for the secretariat). */
export async function listServiceInbox(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const rows = await cooperationQueries.selectInbox(ctx.tx ?? getDb(), hasRole(actor, 'secretariat') ? null : actor.id);
	return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), answeredAt: row.answeredAt?.toISOString() ?? null }));
}

/** The provider answers a request; the person who asked is e-mailed. */
export async function answerServiceRequest(ctx: ServiceContext, id: unknown, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const requestId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const row = await cooperationQueries.selectRequestForUpdate(tx, requestId);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.providerUserId !== actor.id && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
		const { answer } = parseInput(ZServiceAnswer, input);
		await cooperationQueries.updateRequestAnswer(tx, requestId, answer, actor.id);
		const to = row.request.requesterId ? await cooperationQueries.selectUserEmail(tx, row.request.requesterId) : undefined;
		if (to) {
			await queueMail(tx, {
				to,
				subject: translate('mail_service_answer_subject', ctx.locale, { service: row.serviceName }),
				text: translate('mail_service_answer_body', ctx.locale, { service: row.serviceName, answer })
			});
		}
		await recordAudit(tx, { actorId: actor.id, action: 'directory.service_answered', subjectType: 'service', subjectId: row.request.serviceId, details: { requestId }, requestId: ctx.requestId });
	});
}
