import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, numeric, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { user } from './auth';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Every directory entry is moderated: proposals by anyone but the secretariat wait in 'pending'.
const moderation = {
	status: text('status').notNull().default('pending'),
	verifiedAt: timestamp('verified_at', { withTimezone: true }),
	verifiedBy: text('verified_by').references(() => user.id, { onDelete: 'set null' }),
	rejectionReason: text('rejection_reason'),
	proposedBy: text('proposed_by').references(() => user.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
};

/** A member or partner organisation (Popolo "organization"): institute, association, agency, bank, foundation… */
export const institution = pgTable(
	'institution',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		acronym: text('acronym'),
		kind: text('kind').notNull(),
		countryCode: text('country_code').notNull(),
		countriesServed: text('countries_served').array().notNull().default(sql`'{}'::text[]`),
		themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
		description: text('description').notNull().default(''),
		website: text('website'),
		email: text('email'),
		phone: text('phone'),
		parentId: uuid('parent_id').references((): AnyPgColumn => institution.id, { onDelete: 'set null' }),
		networkMember: boolean('network_member').notNull().default(false),
		memberSince: date('member_since'),
		centreOfExcellence: boolean('centre_of_excellence').notNull().default(false),
		excellenceThemes: text('excellence_themes').array().notNull().default(sql`'{}'::text[]`),
		excellenceRecognisedOn: date('excellence_recognised_on'),
		excellenceBasis: text('excellence_basis'),
		/** Name, acronym (unstemmed) and description (stemmed in es/pt/en), accents folded. */
		document: tsvector('document').notNull(),
		...moderation
	},
	(t) => [
		// Same name and country is the same institution, whatever the capitals.
		uniqueIndex('institution_name_country_unique').on(sql`lower(${t.name})`, t.countryCode),
		index('institution_document_idx').using('gin', t.document),
		index('institution_themes_idx').using('gin', t.themes),
		index('institution_status_idx').on(t.status)
	]
);

/** A funding call of a funder (an institution): who may apply, how much, until when. */
export const fundingCall = pgTable(
	'funding_call',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		funderId: uuid('funder_id')
			.notNull()
			.references(() => institution.id),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
		sdgs: text('sdgs').array().notNull().default(sql`'{}'::text[]`),
		eligibleCountries: text('eligible_countries').array().notNull().default(sql`'{}'::text[]`),
		eligibleApplicants: text('eligible_applicants').array().notNull().default(sql`'{}'::text[]`),
		sizeBands: text('size_bands').array().notNull().default(sql`'{}'::text[]`),
		amountMin: numeric('amount_min', { precision: 16, scale: 2, mode: 'number' }),
		amountMax: numeric('amount_max', { precision: 16, scale: 2, mode: 'number' }),
		currency: text('currency'),
		cofinancingPercent: numeric('cofinancing_percent', { precision: 5, scale: 2, mode: 'number' }),
		opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
		closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
		/** The zone the funder states its dates in (IANA, e.g. America/Bogota). */
		timeZone: text('time_zone').notNull(),
		howToApply: text('how_to_apply').notNull().default(''),
		link: text('link'),
		document: tsvector('document').notNull(),
		...moderation
	},
	(t) => [
		index('funding_call_document_idx').using('gin', t.document),
		index('funding_call_closes_idx').on(t.closesAt),
		index('funding_call_themes_idx').using('gin', t.themes),
		index('funding_call_countries_idx').using('gin', t.eligibleCountries),
		index('funding_call_funder_idx').on(t.funderId)
	]
);
