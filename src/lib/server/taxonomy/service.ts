import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { recordAudit } from '../audit';
import type { Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { requireRole } from '../policy';
import * as queries from './queries';
import { ZCreateTheme, ZSdgFile, ZThemesFile, ZUpdateTerm, type TTaxonomy } from './schema';

/** Folder of the reference vocabulary shipped with the app. */
export function taxonomyDataDir(): string {
	return process.env.TAXONOMY_DIR ?? 'reference-data/taxonomy';
}

/**
 * Loads the four areas, their themes and the 17 SDGs from the reference files: new terms are added,
 * unedited ones refreshed, and terms an administrator changed are kept. Returns the number of rows written.
 */
export async function loadReferenceTaxonomy(db: Executor = getDb(), dir = taxonomyDataDir()): Promise<number> {
	const themes = ZThemesFile.parse(JSON.parse(await readFile(path.join(dir, 'themes.json'), 'utf8')));
	const sdgs = ZSdgFile.parse(JSON.parse(await readFile(path.join(dir, 'sdgs.json'), 'utf8')));
	const terms = [
		...themes.areas.map((area, index) => ({ facet: 'area', code: area.code, parentCode: null, position: index, labels: area.labels })),
		...themes.areas.flatMap((area) =>
			area.themes.map((theme, index) => ({ facet: 'theme', code: theme.code, parentCode: area.code, position: index, labels: theme.labels }))
		),
		...sdgs.terms.map((term, index) => ({ facet: 'sdg', code: term.code, parentCode: null, position: index, labels: term.labels }))
	];
	return inTransaction(db, async (tx) => {
		const written = await queries.upsertReferenceTerms(tx, terms);
		if (written) {
			await recordAudit(tx, { actorId: null, action: 'taxonomy.loaded', subjectType: 'taxonomy', subjectId: 'reference', details: { written } });
		}
		return written;
	});
}

const label = (row: queries.TermRow, locale: Locale) => row.labels[locale] || row.labels.es;

/** The active vocabulary in the reader's language: areas with their themes, and the SDGs. Public. */
export async function getTaxonomy(ctx: Pick<ServiceContext, 'locale' | 'tx'>): Promise<TTaxonomy> {
	const rows = (await queries.selectAllTerms(ctx.tx ?? getDb())).filter((row) => row.active);
	return {
		areas: rows
			.filter((row) => row.facet === 'area')
			.map((area) => ({
				code: area.code,
				label: label(area, ctx.locale),
				themes: rows
					.filter((row) => row.facet === 'theme' && row.parentCode === area.code)
					.map((theme) => ({ code: theme.code, label: label(theme, ctx.locale) }))
			})),
		sdgs: rows
			.filter((row) => row.facet === 'sdg')
			.map((sdg) => ({ code: sdg.code, number: Number(sdg.code.slice(3)), label: label(sdg, ctx.locale) }))
	};
}

/** Every term with all its labels, inactive ones included, for administrators. */
export async function listTermsForAdmin(ctx: ServiceContext) {
	requireRole(ctx.actor, 'admin');
	const rows = await queries.selectAllTerms(ctx.tx ?? getDb());
	return rows.map((row) => ({
		facet: row.facet,
		code: row.code,
		parentCode: row.parentCode,
		labels: row.labels,
		active: row.active,
		edited: row.editedAt !== null
	}));
}

/** Administrators rename a term in the three languages or switch it off; audited. */
export async function updateTerm(ctx: ServiceContext, input: unknown): Promise<void> {
	const admin = requireRole(ctx.actor, 'admin');
	const form = parseInput(ZUpdateTerm, input);
	await inTransaction(ctx.tx, async (tx) => {
		const before = await queries.selectTerm(tx, form.facet, form.code);
		if (!before) throw new AppError('NOT_FOUND', { details: { facet: form.facet, code: form.code } });
		const labels = { es: form.es, pt: form.pt, en: form.en };
		await queries.updateTerm(tx, { facet: form.facet, code: form.code }, { labels, active: form.active, editedBy: admin.id });
		await recordAudit(tx, {
			actorId: admin.id,
			action: 'taxonomy.term_updated',
			subjectType: `taxonomy_${form.facet}`,
			subjectId: form.code,
			details: { before: { labels: before.labels, active: before.active }, after: { labels, active: form.active } },
			requestId: ctx.requestId
		});
	});
}

/** Administrators add a theme to an area; audited. */
export async function createTheme(ctx: ServiceContext, input: unknown): Promise<void> {
	const admin = requireRole(ctx.actor, 'admin');
	const form = parseInput(ZCreateTheme, input);
	await inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.selectTerm(tx, 'area', form.area))) {
			throw new AppError('VALIDATION', { fields: [{ field: 'area', messageKey: 'error_field_invalid' }] });
		}
		const siblings = (await queries.selectAllTerms(tx)).filter((row) => row.facet === 'theme' && row.parentCode === form.area);
		const labels = { es: form.es, pt: form.pt, en: form.en };
		const added = await queries.insertTerm(tx, {
			facet: 'theme',
			code: form.code,
			parentCode: form.area,
			position: siblings.length,
			labels,
			editedBy: admin.id
		});
		if (!added) throw new AppError('CONFLICT', { fields: [{ field: 'code', messageKey: 'error_taxonomy_code_taken' }] });
		await recordAudit(tx, {
			actorId: admin.id,
			action: 'taxonomy.theme_created',
			subjectType: 'taxonomy_theme',
			subjectId: form.code,
			details: { area: form.area, labels },
			requestId: ctx.requestId
		});
	});
}

/** Which of the given codes are active terms of a facet: every module checks the themes and SDGs it is given here. */
export async function findActiveTerms(db: Executor, facet: 'area' | 'theme' | 'sdg', codes: readonly string[]): Promise<Set<string>> {
	return queries.selectActiveTerms(db, facet, [...new Set(codes)]);
}
