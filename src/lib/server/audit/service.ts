import { translate } from '../i18n';
import { auditActionKey } from './actions';
import { z } from 'zod';
import { pageWindow, paginationFields } from '../pagination';
import { getDb, type Executor } from '../db';
import type { ServiceContext } from '../context';
import { parseInput } from '../errors/zod';
import { requireRole } from '../policy';
import { insertAuditEvent, selectAuditActions, selectAuditPage, type NewAuditEvent } from './queries';

/** Records an audit event on the given executor, so it commits or rolls back with the change it describes. */
export async function recordAudit(db: Executor, event: NewAuditEvent): Promise<void> {
	await insertAuditEvent(db, event);
}

const ZAuditQuery = z.object({
	action: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(80).optional()),
	// An account's events are found by its e-mail address (sign-in) or its identifier.
	subject: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.string().max(320, { message: 'error_field_too_long' }).optional()),
	...paginationFields(50)
});

export interface AuditEventDto {
	id: number;
	occurredAt: string;
	actorId: string | null;
	actorEmail: string | null;
	action: string;
	/** The action in words, in the reader's language (its code when it has no name: an action no longer recorded). */
	actionName: string;
	subjectType: string;
	subjectId: string;
	details: Record<string, unknown>;
	requestId: string | null;
}

/** Admins read the audit log, newest first, filterable by action and by subject. */
export async function listAuditEvents(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'admin');
	const nameOf = (action: string) => {
		const key = auditActionKey(action);
		const name = translate(key, ctx.locale);
		return name === key ? action : name;
	};
	const query = parseInput(ZAuditQuery, input);
	const db = ctx.tx ?? getDb();
	const { items, total } = await selectAuditPage(db, {
		action: query.action,
		subject: query.subject,
		...pageWindow(query)
	});
	return {
		items: items.map(
			(row): AuditEventDto => ({ ...row, actionName: nameOf(row.action), occurredAt: row.occurredAt.toISOString(), details: row.details ?? {} })
		),
		actions: (await selectAuditActions(db)).map((action) => ({ action, name: nameOf(action) })),
		page: query.page,
		pageSize: query.pageSize,
		total
	};
}
