import type { ServiceContext } from '../context';
import type { Executor } from '../db';
import { recordAudit } from '../audit';
import * as queries from './queries';

/**
 * Inserts a grant and its `role.granted` audit event in the caller's transaction (an administrator's grant, or an
 * approved role request); undefined, and nothing recorded, when the same grant exists.
 */
export async function insertAuditedGrant(
	tx: Executor,
	ctx: Pick<ServiceContext, 'requestId'>,
	grantedBy: string,
	grant: { userId: string; role: string; subRole: string | null; municipalityId: string | null },
	extraDetails: Record<string, unknown> = {}
): Promise<string | undefined> {
	const id = await queries.insertGrant(tx, { ...grant, grantedBy });
	if (!id) return undefined;
	await recordAudit(tx, {
		actorId: grantedBy,
		action: 'role.granted',
		subjectType: 'user',
		subjectId: grant.userId,
		details: { grantId: id, role: grant.role, subRole: grant.subRole, municipalityId: grant.municipalityId, ...extraDetails },
		requestId: ctx.requestId
	});
	return id;
}
