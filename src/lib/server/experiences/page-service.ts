import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { AppError } from '../errors/app-error';
import { localePrefix } from '../i18n';
import { getTaxonomy } from '../taxonomy';
import { attachmentsOf } from './attachment-service';
import { listRelatedExperiences } from './catalogue-service';
import { questionsOf, replicationsOf } from './community-service';
import { toExperienceJsonLd } from './mappers';
import * as queries from './queries';
import { evaluationOf } from './review-service';
import { hasRole } from '../policy';
import { canRead, experienceOf, parseId, versionsOf } from './service';
import { getPendingVersion } from './version-service';

/**
 * Everything the experience page shows, read once: the record, its evaluation as the reader may see it, attachments,
 * versions, the vocabulary's labels and, when published, replications, questions, related experiences, the
 * municipalities the reader may declare a replication for and the schema.org JSON-LD.
 */
export async function getExperiencePage(ctx: ServiceContext, id: unknown) {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(id));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	const published = stored.row.state === 'published';
	const experience = await experienceOf(ctx, db, stored);
	const evaluation = await evaluationOf(ctx, db, stored);
	const taxonomy = await getTaxonomy(ctx);
	const themeLabels = new Map(taxonomy.areas.flatMap((area) => area.themes.map((theme) => [theme.code, theme.label] as const)));
	const officialOf = (ctx.actor?.roles ?? []).flatMap((grant) => (grant.role === 'municipal_official' && grant.municipalityId ? [grant.municipalityId] : []));
	return {
		experience,
		evaluation,
		taxonomy,
		attachments: await attachmentsOf(db, stored.row.id),
		versions: await versionsOf(db, stored),
		// The id of a pending version of this published record, for its authors and the secretariat only.
		pendingVersion: published && (experience.canEdit || hasRole(ctx.actor, 'secretariat')) ? ((await getPendingVersion(ctx, stored.row.id))?.id ?? null) : null,
		replications: published ? await replicationsOf(db, stored) : [],
		questions: published ? await questionsOf(ctx, db, stored) : null,
		related: published ? await listRelatedExperiences(ctx, stored.row.id) : [],
		// Municipalities the reader may declare a replication for (not the experience's own).
		replicableFor: published ? officialOf.filter((id) => !stored.municipalities.some((place) => place.id === id)) : [],
		jsonLd: published
			? toExperienceJsonLd(experience, {
					url: new URL(`${localePrefix(ctx.locale)}/experiencias/${stored.row.id}`, getConfig().origin).toString(),
					themeLabels,
					rating: evaluation.summary?.overall ? { mean: evaluation.summary.overall, count: evaluation.summary.reviews } : null
				})
			: null
	};
}
