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
	...paginationFields(50)
});

export interface AuditEventDto {
	id: number;
	occurredAt: string;
	actorId: string | null;
	actorEmail: string | null;
	action: string;
	subjectType: string;
	subjectId: string;
	details: Record<string, unknown>;
	requestId: string | null;
}

/** Admins read the audit log, newest first, filterable by action. */
export async function listAuditEvents(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'admin');
	const query = parseInput(ZAuditQuery, input);
	const db = ctx.tx ?? getDb();
	const { items, total } = await selectAuditPage(db, {
		action: query.action,
		...pageWindow(query)
	});
	return {
		items: items.map(
			(row): AuditEventDto => ({ ...row, occurredAt: row.occurredAt.toISOString(), details: row.details ?? {} })
		),
		actions: await selectAuditActions(db),
		page: query.page,
		pageSize: query.pageSize,
		total
	};
}
