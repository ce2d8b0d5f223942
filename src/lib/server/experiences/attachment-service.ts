import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { translate } from '../i18n';
import { requireActor } from '../policy';
import { checkAttachment } from '../files';
import * as queries from './queries';
import { notifyPublishedChange } from './published-edit';
import { canRead, facts, parseId } from './service';
import { isAuthorOf } from './workflow';

/** Most files one experience may carry. */
const MAX_ATTACHMENTS = 20;

const ZAttachmentId = z.uuid();

/** An attachment as pages and the API list it. */
export interface AttachmentDto {
	id: string;
	fileName: string;
	contentType: string;
	byteSize: number;
	uploadedAt: string;
}

const messageKeys = {
	empty: 'error_file_empty',
	too_large: 'error_file_too_large',
	type_not_allowed: 'error_file_type',
	name_mismatch: 'error_file_disguised'
} as const;

/**
 * The authors attach a file (PDF, image, office document; 20 MB at most; checked by its content) while they may edit
 * the experience. Nothing is stored when it is refused.
 */
export async function addAttachment(ctx: ServiceContext, experienceId: unknown, file: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const id = parseId(experienceId);
	// Who first, before the file is read and checked (again in the transaction, which must not wait for the file).
	const before = await queries.selectExperience(ctx.tx ?? getDb(), id);
	if (!before || !canRead(actor, before)) throw new AppError('NOT_FOUND');
	if (!isAuthorOf(actor, facts(before))) throw new AppError('FORBIDDEN');
	if (!(file instanceof File) || !file.name) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_file_missing' }] });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const check = await checkAttachment(file.name, bytes);
	if (!check.ok) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: messageKeys[check.reason], params: { max: 20 } }] });
	return inTransaction(ctx.tx, async (tx) => {
		await queries.selectStateForUpdate(tx, id);
		const stored = await queries.selectExperience(tx, id);
		if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
		if (!isAuthorOf(actor, facts(stored))) throw new AppError('FORBIDDEN');
		if (stored.row.state !== 'draft' && stored.row.state !== 'published') {
			throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_transition_not_allowed' }], details: { state: stored.row.state } });
		}
		if ((await queries.selectAttachments(tx, id)).length >= MAX_ATTACHMENTS) {
			throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_file_too_many', params: { max: MAX_ATTACHMENTS } }] });
		}
		const attachmentId = await queries.insertAttachment(tx, {
			experienceId: id,
			fileName: check.fileName,
			contentType: check.contentType,
			byteSize: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			content: Buffer.from(bytes),
			uploadedBy: actor.id
		});
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.attachment_added',
			subjectType: 'experience',
			subjectId: id,
			details: { attachmentId, fileName: check.fileName, contentType: check.contentType, byteSize: bytes.length },
			requestId: ctx.requestId
		});
		await notifyPublishedChange(tx, ctx, actor, stored, translate('experience_change_attachment_added', ctx.locale, { name: check.fileName }));
		return { id: attachmentId };
	});
}

/** The attachments of an experience the reader may see. */
export async function listAttachments(ctx: ServiceContext, experienceId: unknown): Promise<AttachmentDto[]> {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(experienceId));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	return attachmentsOf(db, stored.row.id);
}

/** The attachments of an experience the caller already may read. */
export async function attachmentsOf(db: Executor, experienceId: string): Promise<AttachmentDto[]> {
	return (await queries.selectAttachments(db, experienceId)).map((row) => ({ ...row, uploadedAt: row.uploadedAt.toISOString() }));
}

/** One attachment's bytes, for whoever may read its experience. */
export async function getAttachmentContent(ctx: ServiceContext, attachmentId: unknown) {
	const parsed = ZAttachmentId.safeParse(attachmentId);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	const db = ctx.tx ?? getDb();
	const attachment = await queries.selectAttachment(db, parsed.data);
	if (!attachment) throw new AppError('NOT_FOUND');
	const stored = await queries.selectExperience(db, attachment.experienceId);
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	return { fileName: attachment.fileName, contentType: attachment.contentType, sha256: attachment.sha256, content: attachment.content, public: stored.row.state === 'published' };
}

/** The authors remove an attachment while they may edit the experience. */
export async function removeAttachment(ctx: ServiceContext, attachmentId: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const parsed = ZAttachmentId.safeParse(attachmentId);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	await inTransaction(ctx.tx, async (tx) => {
		const attachment = await queries.selectAttachment(tx, parsed.data);
		if (!attachment) throw new AppError('NOT_FOUND');
		const stored = await queries.selectExperience(tx, attachment.experienceId);
		if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
		if (!isAuthorOf(actor, facts(stored))) throw new AppError('FORBIDDEN');
		if (stored.row.state !== 'draft' && stored.row.state !== 'published') throw new AppError('CONFLICT');
		await queries.deleteAttachment(tx, attachment.id);
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.attachment_removed',
			subjectType: 'experience',
			subjectId: stored.row.id,
			details: { attachmentId: attachment.id, fileName: attachment.fileName },
			requestId: ctx.requestId
		});
		await notifyPublishedChange(tx, ctx, actor, stored, translate('experience_change_attachment_removed', ctx.locale, { name: attachment.fileName }));
	});
}
