import { z } from 'zod';
import { pageWindow, paginationFields } from '../pagination';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { logger } from '../logger';
import { requireRole } from '../policy';
import * as queries from './queries';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
}

/**
 * Stores a message in the same transaction as the change that caused it, so a crash never loses it.
 * Without SMTP_URL it stays in the outbox for administrators; with it, the delivery worker sends it.
 */
export async function queueMail(db: Executor, mail: OutgoingMail): Promise<string> {
	const status = getConfig().smtpUrl ? 'pending' : 'outbox';
	const id = await queries.insertMail(db, { toAddress: mail.to, subject: mail.subject, textBody: mail.text, status });
	scheduleDelivery();
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

// Delivery: a single in-process loop; rows are the queue, so a restart resumes where it stopped.
const MAX_ATTEMPTS = 5;
let timer: NodeJS.Timeout | undefined;
let running = false;
let transport: { sendMail: (message: object) => Promise<unknown> } | undefined;

function scheduleDelivery(delayMs = 50): void {
	if (!getConfig().smtpUrl || timer) return;
	timer = setTimeout(() => {
		timer = undefined;
		void deliverPendingMail().catch((error: unknown) => logger.error({ err: error }, 'mail delivery loop failed'));
	}, delayMs);
	timer.unref();
}

/** Sends pending messages over SMTP; failures are retried later, up to five attempts. */
export async function deliverPendingMail(): Promise<number> {
	const config = getConfig();
	if (!config.smtpUrl || running) return 0;
	running = true;
	let sent = 0;
	try {
		if (!transport) {
			const nodemailer = await import('nodemailer');
			transport = nodemailer.createTransport(config.smtpUrl);
		}
		const db = getDb();
		for (const message of await queries.selectDeliverable(db, MAX_ATTEMPTS, 50)) {
			try {
				await transport.sendMail({ from: config.mailFrom, to: message.toAddress, subject: message.subject, text: message.textBody });
				await queries.markDelivery(db, message.id, { ok: true });
				sent++;
			} catch (error) {
				logger.warn({ err: error, mailId: message.id }, 'mail delivery failed');
				await queries.markDelivery(db, message.id, { ok: false, error: String(error) });
			}
		}
	} finally {
		running = false;
	}
	return sent;
}

/** Starts the periodic retry of undelivered mail (only when SMTP is configured). */
export function startMailWorker(): () => void {
	if (!getConfig().smtpUrl) return () => {};
	const interval = setInterval(() => scheduleDelivery(0), 60_000);
	interval.unref();
	scheduleDelivery(0);
	return () => clearInterval(interval);
}
