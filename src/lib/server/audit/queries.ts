import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { auditEvent, user } from '../db/schema';
import type { AuditAction } from './actions';

export interface NewAuditEvent {
	actorId: string | null;
	/** One of `auditActions` (actions.ts): each has a name in the three languages on the audit log's page. */
	action: AuditAction;
	subjectType: string;
	subjectId: string;
	details?: Record<string, unknown>;
	requestId?: string | null;
}

/** Appends one audit event. */
export async function insertAuditEvent(db: Executor, event: NewAuditEvent): Promise<void> {
	await db.insert(auditEvent).values({
		actorId: event.actorId,
		action: event.action,
		subjectType: event.subjectType,
		subjectId: event.subjectId,
		details: event.details ?? {},
		requestId: event.requestId ?? null
	});
}

/** Newest-first page of audit events with the actor's e-mail, optionally for one action and one subject (as
 * written, or in lower case as sign-in events keep an e-mail address). */
export async function selectAuditPage(db: Executor, options: { action?: string; subject?: string; limit: number; offset: number }) {
	const where = and(options.action ? eq(auditEvent.action, options.action) : undefined, options.subject ? inArray(auditEvent.subjectId, [...new Set([options.subject, options.subject.toLowerCase()])]) : undefined);
	const items = await db
		.select({
			id: auditEvent.id,
			occurredAt: auditEvent.occurredAt,
			actorId: auditEvent.actorId,
			actorEmail: user.email,
			action: auditEvent.action,
			subjectType: auditEvent.subjectType,
			subjectId: auditEvent.subjectId,
			details: auditEvent.details,
			requestId: auditEvent.requestId
		})
		.from(auditEvent)
		.leftJoin(user, eq(user.id, auditEvent.actorId))
		.where(where)
		.orderBy(desc(auditEvent.id))
		.limit(options.limit)
		.offset(options.offset);
	const [{ total }] = await db.select({ total: count() }).from(auditEvent).where(where);
	return { items, total };
}

/** Distinct action names, for the filter. */
export async function selectAuditActions(db: Executor): Promise<string[]> {
	const rows = await db
		.selectDistinct({ action: auditEvent.action })
		.from(auditEvent)
		.orderBy(sql`${auditEvent.action}`);
	return rows.map((row) => row.action);
}
