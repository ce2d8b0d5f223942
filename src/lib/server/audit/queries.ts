import { count, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { auditEvent, user } from '../db/schema';

export interface NewAuditEvent {
	actorId: string | null;
	action: string;
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

/** Newest-first page of audit events with the actor's e-mail, optionally for one action. */
export async function selectAuditPage(db: Executor, options: { action?: string; limit: number; offset: number }) {
	const where = options.action ? eq(auditEvent.action, options.action) : undefined;
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
