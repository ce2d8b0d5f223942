import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { AppError } from '../errors/app-error';
import { attachmentsOf } from './attachment-service';
import { listRelatedExperiences } from './catalogue-service';
import { questionsOf, replicationsOf } from './community-service';
import * as queries from './queries';
import { evaluationOf } from './review-service';
import { canRead, experienceOf, parseId, versionsOf } from './service';

/**
 * Everything the experience page shows, read once: the record, its evaluation as the reader may see it, attachments,
 * versions and, when published, replications, questions and related experiences.
 */
export async function getExperiencePage(ctx: ServiceContext, id: unknown) {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(id));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	const published = stored.row.state === 'published';
	const experience = await experienceOf(ctx, db, stored);
	const evaluation = await evaluationOf(ctx, db, stored);
	return {
		experience,
		evaluation,
		attachments: await attachmentsOf(db, stored.row.id),
		versions: await versionsOf(db, stored),
		replications: published ? await replicationsOf(db, stored) : [],
		questions: published ? await questionsOf(ctx, db, stored) : null,
		related: published ? await listRelatedExperiences(ctx, stored.row.id) : []
	};
}
