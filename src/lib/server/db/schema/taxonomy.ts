import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { user } from './auth';

/** A label in each interface language. */
export type Labels = { es: string; pt: string; en: string };

/**
 * Shared vocabulary that every module tags its records with: `area` (four areas of local development),
 * `theme` (under an area) and `sdg` (the 17 Sustainable Development Goals).
 */
export const taxonomyTerm = pgTable(
	'taxonomy_term',
	{
		facet: text('facet').notNull(),
		code: text('code').notNull(),
		parentCode: text('parent_code'),
		position: integer('position').notNull().default(0),
		labels: jsonb('labels').$type<Labels>().notNull(),
		active: boolean('active').notNull().default(true),
		// Set when an administrator changed the term; reloading the reference data then leaves it alone.
		editedBy: text('edited_by').references(() => user.id, { onDelete: 'set null' }),
		editedAt: timestamp('edited_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.facet, t.code] }), index('taxonomy_term_parent_idx').on(t.facet, t.parentCode)]
);
