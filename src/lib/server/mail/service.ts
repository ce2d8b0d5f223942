import { z } from 'zod';
import { pageWindow, paginationFields } from '../pagination';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { logger } from '../logger';
import { defineJob, enqueueJob, handleJob, type JobHandler } from '../jobs';
import { requireRole } from '../policy';
import * as queries from './queries';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
}

/**
 * Stores a message in the same transaction as the change that caused it, so a crash never loses it.
 * Without SMTP_URL it stays in the outbox for administrators; with it, a delivery job enqueued in that same
 * transaction sends it.
 */
export async function queueMail(db: Executor, mail: OutgoingMail): Promise<string> {
	const status = getConfig().smtpUrl ? 'pending' : 'outbox';
	const id = await queries.insertMail(db, { toAddress: mail.to, subject: mail.subject, textBody: mail.text, status });
	if (status === 'pending') await enqueueJob(db, deliverMailJob, { mailId: id }, { singletonKey: id });
	return id;
}

const ZMailQuery = z.object({
	to: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(320).optional()),
	...paginationFields(25)
});

export interface MailDto {
	id: string;
	to: string;
	subject: string;
	text: string;
	status: string;
	attempts: number;
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
}

function toMailDto(row: Awaited<ReturnType<typeof queries.selectMail>> & object): MailDto {
	return {
		id: row.id,
		to: row.toAddress,
		subject: row.subject,
		text: row.textBody,
		status: row.status,
		attempts: row.attempts,
		lastError: row.lastError,
		createdAt: row.createdAt.toISOString(),
		sentAt: row.sentAt?.toISOString() ?? null
	};
}

/** Admins read the mail the platform has written, newest first. */
export async function listMail(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'admin');
	const query = parseInput(ZMailQuery, input);
	const { items, total } = await queries.selectMailPage(ctx.tx ?? getDb(), {
		to: query.to,
		...pageWindow(query)
	});
	return { items: items.map(toMailDto), page: query.page, pageSize: query.pageSize, total };
}

/** Admins read one message. */
export async function getMail(ctx: ServiceContext, id: string): Promise<MailDto> {
	requireRole(ctx.actor, 'admin');
	const parsed = parseInput(z.uuid({ message: 'error_field_invalid' }), id);
	const row = await queries.selectMail(ctx.tx ?? getDb(), parsed);
	if (!row) throw new AppError('NOT_FOUND');
	return toMailDto(row);
}

// Delivery: one durable job per message (decision 0014). The queue's "exclusive" policy keeps at most one live job
// per message, so two servers never send the same e-mail; the row says whether it was sent.
const MAX_ATTEMPTS = 5;
let transport: { sendMail: (message: object) => Promise<unknown> } | undefined;

/** Sends one stored message over SMTP. */
export const deliverMailJob = defineJob('mail.deliver', z.object({ mailId: z.uuid() }), {
	policy: 'exclusive',
	retryLimit: MAX_ATTEMPTS - 1,
	retryDelaySeconds: 30,
	heartbeatSeconds: 10,
	// A claimed batch whose server died is taken over after this (an SMTP exchange takes well under a second).
	expireInSeconds: 60
});

/** Every quarter of an hour: a message still pending without a live job (e.g. from before an upgrade) gets one. */
export const sweepMailJob = defineJob('mail.sweep', z.object({}).loose(), { retryLimit: 1 });

/** Sends a message unless it was sent already (a retried attempt after a crash finds it done). */
export async function deliverMail(mailId: string): Promise<'sent' | 'skipped'> {
	const config = getConfig();
	if (!config.smtpUrl) return 'skipped';
	const db = getDb();
	const message = await queries.selectMail(db, mailId);
	if (!message || message.status === 'sent' || message.status === 'outbox') return 'skipped';
	if (!transport) {
		const nodemailer = await import('nodemailer');
		transport = nodemailer.createTransport(config.smtpUrl);
	}
	try {
		// A stable Message-ID lets a receiving server discard the copy of a message re-sent after a crash between
		// the SMTP server's acceptance and this row's update.
		const domain = new URL(config.origin).hostname;
		await transport.sendMail({ from: config.mailFrom, to: message.toAddress, subject: message.subject, text: message.textBody, messageId: `<${message.id}@${domain}>` });
	} catch (error) {
		logger.warn({ err: error, mailId }, 'mail delivery failed');
		await queries.markDelivery(db, mailId, { ok: false, error: String(error), final: message.attempts + 1 >= MAX_ATTEMPTS });
		throw error;
	}
	await queries.markDelivery(db, mailId, { ok: true });
	return 'sent';
}

/** Gives every pending message a delivery job (one per message: the queue refuses a second live one). */
export async function enqueuePendingMail(): Promise<number> {
	if (!getConfig().smtpUrl) return 0;
	let queued = 0;
	for (const message of await queries.selectDeliverable(getDb(), MAX_ATTEMPTS, 10_000)) {
		if (await enqueueJob(getDb(), deliverMailJob, { mailId: message.id }, { singletonKey: message.id })) queued++;
	}
	return queued;
}

/** The mail module's background work, registered by the server at start. */
export const mailJobHandlers: JobHandler[] = [
	handleJob(deliverMailJob, async ({ mailId }) => {
		await deliverMail(mailId);
	}, { concurrency: 2, batchSize: 10, when: () => !!getConfig().smtpUrl }),
	handleJob(sweepMailJob, async () => {
		const queued = await enqueuePendingMail();
		if (queued) logger.info({ queued }, 'pending mail given delivery jobs');
	}, { schedule: { cron: '*/15 * * * *' }, when: () => !!getConfig().smtpUrl })
];
