import { z } from 'zod';
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { Actor, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { consumeRateLimits, rateRules } from '../rate-limit';
import { hasRole, isOfficialOf, requireActor } from '../policy';
import * as communityQueries from './community-queries';
import * as queries from './queries';
import { ZAnswer, ZHide, ZQuestion, ZReplication } from './schema';
import { facts, parseId, type StoredExperience } from './service';
import { isAuthorOf } from './workflow';

const ZQuestionId = z.uuid();

// Replications and questions exist only around published records.
async function requirePublished(db: Executor, experienceId: string): Promise<StoredExperience> {
	const stored = await queries.selectExperience(db, experienceId);
	if (!stored || stored.row.state !== 'published') throw new AppError('NOT_FOUND');
	return stored;
}

async function notifyAuthors(db: Executor, ctx: ServiceContext, stored: StoredExperience, actor: Actor, key: 'replication' | 'question', params: Record<string, string>) {
	const title = (stored.texts.find((text) => text.isOriginal) ?? stored.texts[0]).title;
	const url = new URL(`${localePrefix(ctx.locale)}/experiencias/${stored.row.id}`, getConfig().origin).toString();
	const emails = await queries.selectNotifiedEmails(db, stored.authorIds, stored.municipalities.map((m) => m.id));
	for (const to of emails.filter((email) => email !== actor.email)) {
		await queueMail(db, {
			to,
			subject: translate(`mail_${key}_subject`, ctx.locale, { title }),
			text: translate(`mail_${key}_body`, ctx.locale, { title, url, ...params })
		});
	}
}

/** An official declares their municipality is adopting a published experience (or updates how far it got); the authors are told. */
export async function declareReplication(ctx: ServiceContext, experienceId: unknown, input: unknown): Promise<{ created: boolean }> {
	const actor = requireActor(ctx.actor);
	const id = parseId(experienceId);
	// Who first: only officials (of the municipality that replicated it) and the secretariat declare one.
	if (!actor.roles.some((grant) => grant.role === 'municipal_official') && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
	const values = parseInput(ZReplication, input);
	if (!isOfficialOf(actor, values.municipalityId) && !hasRole(actor, 'secretariat')) {
		throw new AppError('FORBIDDEN', { fields: [{ field: 'municipalityId', messageKey: 'error_replication_not_official' }] });
	}
	return inTransaction(ctx.tx, async (tx) => {
		const stored = await requirePublished(tx, id);
		if (stored.municipalities.some((m) => m.id === values.municipalityId)) {
			throw new AppError('CONFLICT', { fields: [{ field: 'municipalityId', messageKey: 'error_replication_own' }] });
		}
		if (!(await queries.selectExistingMunicipalities(tx, [values.municipalityId])).size) {
			throw new AppError('VALIDATION', { fields: [{ field: 'municipalityId', messageKey: 'error_municipality_unknown' }] });
		}
		const created = await communityQueries.upsertReplication(tx, { experienceId: id, ...values, declaredBy: actor.id });
		await recordAudit(tx, {
			actorId: actor.id,
			action: created ? 'experience.replication_declared' : 'experience.replication_updated',
			subjectType: 'experience',
			subjectId: id,
			details: { municipalityId: values.municipalityId, status: values.status },
			requestId: ctx.requestId
		});
		await notifyAuthors(tx, ctx, stored, actor, 'replication', {
			municipality: values.municipalityId,
			status: translate(`replication_status_${values.status}`, ctx.locale)
		});
		return { created };
	});
}

/** The municipalities replicating a published experience. */
export async function listReplications(ctx: ServiceContext, experienceId: unknown) {
	const db = ctx.tx ?? getDb();
	return replicationsOf(db, await requirePublished(db, parseId(experienceId)));
}

/** The replications of a published experience already loaded. */
export async function replicationsOf(db: Executor, stored: StoredExperience) {
	const rows = await communityQueries.selectReplications(db, stored.row.id);
	return rows.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }));
}

/** A signed-in user asks the authors of a published experience a question; the authors are told. */
export async function askQuestion(ctx: ServiceContext, experienceId: unknown, input: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const id = parseId(experienceId);
	// Who first: a record not published (or not there) is refused before the question is read.
	await requirePublished(ctx.tx ?? getDb(), id);
	const { body } = parseInput(ZQuestion, input);
	await consumeRateLimits([{ rule: rateRules.questionPerAccount, subject: actor.id }], { db: ctx.tx });
	return inTransaction(ctx.tx, async (tx) => {
		const stored = await requirePublished(tx, id);
		const questionId = await communityQueries.insertQuestion(tx, { experienceId: id, askedBy: actor.id, body });
		await notifyAuthors(tx, ctx, stored, actor, 'question', { question: body });
		return { id: questionId };
	});
}

async function questionWithExperience(tx: Executor, questionId: unknown) {
	const parsed = ZQuestionId.safeParse(questionId);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	const question = await communityQueries.selectQuestionForUpdate(tx, parsed.data);
	if (!question) throw new AppError('NOT_FOUND');
	const stored = await requirePublished(tx, question.experienceId);
	return { question, stored };
}

/** The authors (or officials of its municipalities) answer a question; a later answer replaces the earlier one. */
export async function answerQuestion(ctx: ServiceContext, questionId: unknown, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const { answer } = parseInput(ZAnswer, input);
	await inTransaction(ctx.tx, async (tx) => {
		const { question, stored } = await questionWithExperience(tx, questionId);
		if (!isAuthorOf(actor, facts(stored))) throw new AppError('FORBIDDEN');
		await communityQueries.updateAnswer(tx, question.id, answer, actor.id);
		await recordAudit(tx, { actorId: actor.id, action: 'experience.question_answered', subjectType: 'experience', subjectId: stored.row.id, details: { questionId: question.id }, requestId: ctx.requestId });
	});
}

/** A moderator (the secretariat) hides an abusive question with a reason, or shows it again (undo). */
export async function moderateQuestion(ctx: ServiceContext, questionId: unknown, input: unknown, hide: boolean): Promise<void> {
	const actor = requireActor(ctx.actor);
	if (!hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
	const reason = hide ? parseInput(ZHide, input).reason : null;
	await inTransaction(ctx.tx, async (tx) => {
		const { question, stored } = await questionWithExperience(tx, questionId);
		await communityQueries.updateHidden(tx, question.id, reason ? { by: actor.id, reason } : null);
		await recordAudit(tx, {
			actorId: actor.id,
			action: hide ? 'experience.question_hidden' : 'experience.question_shown',
			subjectType: 'experience',
			subjectId: stored.row.id,
			details: { questionId: question.id, reason },
			requestId: ctx.requestId
		});
	});
}

/** The questions on a published experience: visible ones for everyone, hidden ones too (marked) for moderators. */
export async function listQuestions(ctx: ServiceContext, experienceId: unknown) {
	const db = ctx.tx ?? getDb();
	return questionsOf(ctx, db, await requirePublished(db, parseId(experienceId)));
}

/** The questions of a published experience already loaded, as the actor may see them. */
export async function questionsOf(ctx: ServiceContext, db: Executor, stored: StoredExperience) {
	const id = stored.row.id;
	const moderator = hasRole(ctx.actor, 'secretariat');
	const rows = await communityQueries.selectQuestions(db, id, moderator);
	return {
		canAsk: !!ctx.actor,
		canAnswer: isAuthorOf(ctx.actor, facts(stored)),
		canModerate: moderator,
		items: rows.map((row) => ({
			id: row.id,
			body: row.body,
			askedBy: row.askedBy,
			askedAt: row.askedAt.toISOString(),
			answer: row.answer,
			answeredAt: row.answeredAt?.toISOString() ?? null,
			hidden: row.hiddenAt !== null,
			hiddenReason: moderator ? row.hiddenReason : null
		}))
	};
}
