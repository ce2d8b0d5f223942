import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { user } from './auth';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Every directory entry is moderated: proposals by anyone but the secretariat wait in 'pending'.
const moderation = {
	status: text('status').notNull().default('pending'),
	verifiedAt: timestamp('verified_at', { withTimezone: true }),
	verifiedBy: text('verified_by').references(() => user.id, { onDelete: 'set null' }),
	rejectionReason: text('rejection_reason'),
	proposedBy: text('proposed_by').references(() => user.id, { onDelete: 'set null' }),
	/** Loaded by `npm run data:demo`; shown as demonstration data and replaced on the next load. */
	isDemo: boolean('is_demo').notNull().default(false),
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
		/** Published documents of the call (terms of reference, forms): title and address of each. */
		documents: jsonb('documents').$type<{ title: string; url: string }[]>().notNull().default([]),
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

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value))
});

/**
 * An expert's or consultant's professional profile: kept by the expert (linked account) or by the secretariat with
 * the person's consent recorded. E-mail and phone are shown only to signed-in officials, the secretariat and council.
 */
export const expert = pgTable(
	'expert',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		headline: text('headline').notNull().default(''),
		bio: text('bio').notNull().default(''),
		languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
		countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
		municipalityIds: text('municipality_ids').array().notNull().default(sql`'{}'::text[]`),
		/** Published experiences of the bank the expert took part in. */
		experienceIds: uuid('experience_ids').array().notNull().default(sql`'{}'::uuid[]`),
		organisationId: uuid('organisation_id').references(() => institution.id, { onDelete: 'set null' }),
		availability: text('availability').notNull().default('available'),
		feeMin: numeric('fee_min', { precision: 12, scale: 2, mode: 'number' }),
		feeMax: numeric('fee_max', { precision: 12, scale: 2, mode: 'number' }),
		feeCurrency: text('fee_currency'),
		email: text('email'),
		phone: text('phone'),
		website: text('website'),
		/** When the secretariat created the profile: the date and how the person agreed. */
		consentOn: date('consent_on'),
		consentNote: text('consent_note'),
		cvFileName: text('cv_file_name'),
		cvContentType: text('cv_content_type'),
		cv: bytea('cv'),
		document: tsvector('document').notNull(),
		...moderation
	},
	(t) => [
		uniqueIndex('expert_user_unique').on(t.userId),
		index('expert_document_idx').using('gin', t.document),
		index('expert_countries_idx').using('gin', t.countries),
		index('expert_status_idx').on(t.status)
	]
);

/** A theme an expert knows, and how well: working knowledge, experienced, leading expert. */
export const expertCompetency = pgTable(
	'expert_competency',
	{
		expertId: uuid('expert_id')
			.notNull()
			.references(() => expert.id, { onDelete: 'cascade' }),
		theme: text('theme').notNull(),
		level: text('level').notNull()
	},
	(t) => [primaryKey({ columns: [t.expertId, t.theme] }), index('expert_competency_theme_idx').on(t.theme, t.level)]
);

/**
 * A technical-assistance or training offer of an institution (Open Referral HSDS "service"): who may ask, in which
 * languages and places, at what cost and how. Requests reach its provider contact's inbox.
 */
export const cooperationService = pgTable(
	'cooperation_service',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		institutionId: uuid('institution_id')
			.notNull()
			.references(() => institution.id),
		/** The account that answers requests (the provider). */
		providerUserId: text('provider_user_id').references(() => user.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		kind: text('kind').notNull(),
		serviceStatus: text('service_status').notNull().default('active'),
		eligibility: text('eligibility').notNull().default(''),
		eligibleApplicants: text('eligible_applicants').array().notNull().default(sql`'{}'::text[]`),
		languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
		serviceAreas: text('service_areas').array().notNull().default(sql`'{}'::text[]`),
		themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
		cost: text('cost').notNull().default('free'),
		costDetails: text('cost_details').notNull().default(''),
		howToRequest: text('how_to_request').notNull().default(''),
		document: tsvector('document').notNull(),
		...moderation
	},
	(t) => [
		index('cooperation_service_document_idx').using('gin', t.document),
		index('cooperation_service_institution_idx').on(t.institutionId),
		index('cooperation_service_provider_idx').on(t.providerUserId)
	]
);

/**
 * What the directory search reads: one row per verified entry of any type (active services only), rebuilt by
 * `refreshDirectoryListing` in the transaction of every write that can change it (decision 0008). `filterKeys` holds
 * every filterable value as `facet:value` (`country:*` and `applicant:*` for calls and services open to all), so the
 * filters are one GIN lookup and the facet counts one pass; the other columns are what a hit shows.
 */
export const directoryListing = pgTable(
	'directory_listing',
	{
		entryType: text('entry_type').notNull(),
		entryId: uuid('entry_id').notNull(),
		title: text('title').notNull(),
		/** Institution's acronym, expert's headline; calls and services show their institution's name (`parentId`). */
		subtitle: text('subtitle'),
		parentId: uuid('parent_id'),
		kind: text('kind'),
		countries: text('countries').array().notNull(),
		themes: text('themes').array().notNull(),
		sdgs: text('sdgs').array().notNull(),
		applicants: text('applicants').array().notNull(),
		languages: text('languages').array().notNull(),
		availability: text('availability'),
		opensAt: timestamp('opens_at', { withTimezone: true }),
		closesAt: timestamp('closes_at', { withTimezone: true }),
		timeZone: text('time_zone'),
		verifiedAt: timestamp('verified_at', { withTimezone: true }),
		centreOfExcellence: boolean('centre_of_excellence').notNull().default(false),
		isDemo: boolean('is_demo').notNull().default(false),
		filterKeys: text('filter_keys').array().notNull(),
		/** The entry's own search document, as stored with it. */
		document: tsvector('document').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.entryType, t.entryId] }),
		// Written in place, not through GIN's pending list, which every search would otherwise scan until a vacuum.
		index('directory_listing_filter_keys_idx').using('gin', t.filterKeys).with({ fastupdate: false }),
		index('directory_listing_document_idx').using('gin', t.document).with({ fastupdate: false })
	]
);

/** A signed-in official's request to a service's provider, and the answer. */
export const serviceRequest = pgTable(
	'service_request',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		serviceId: uuid('service_id')
			.notNull()
			.references(() => cooperationService.id, { onDelete: 'cascade' }),
		requesterId: text('requester_id').references(() => user.id, { onDelete: 'set null' }),
		municipalityId: text('municipality_id'),
		message: text('message').notNull(),
		// 'open', 'answered' or 'closed'
		status: text('status').notNull().default('open'),
		answer: text('answer'),
		answeredBy: text('answered_by').references(() => user.id, { onDelete: 'set null' }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('service_request_service_idx').on(t.serviceId, t.createdAt), index('service_request_requester_idx').on(t.requesterId)]
);

/** What a signed-in user wants to hear about: themes and countries, in a weekly digest. */
export const subscription = pgTable('subscription', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
	countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
	active: boolean('active').notNull().default(true),
	locale: text('locale').notNull().default('es'),
	/** Lets the e-mail's link unsubscribe without signing in. */
	unsubscribeToken: text('unsubscribe_token').notNull().unique(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** A call a user follows, to be reminded 14 and 3 days before it closes. */
export const callFollow = pgTable(
	'call_follow',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		callId: uuid('call_id')
			.notNull()
			.references(() => fundingCall.id, { onDelete: 'cascade' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.callId] })]
);

/**
 * One notification that has been written to the outbox (a digest for a week, a reminder for a call and a lead time):
 * the job writes the mail and this row in one transaction, so a restarted run never sends it twice.
 */
export const notificationSent = pgTable(
	'notification_sent',
	{
		kind: text('kind').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.kind, t.userId, t.key] })]
);

/** Runs of the background jobs (digest, reminders): when, how far, whether they finished. */
export const jobRun = pgTable(
	'job_run',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind').notNull(),
		/** The period the run covers (an ISO week for the digest, a day for reminders). */
		period: text('period').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		processed: integer('processed').notNull().default(0),
		sent: integer('sent').notNull().default(0)
	},
	(t) => [index('job_run_kind_idx').on(t.kind, t.period)]
);

/** Someone signed in says a directory entry is out of date; the secretariat re-verifies or dismisses it. */
export const entryReport = pgTable(
	'entry_report',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		entryType: text('entry_type').notNull(),
		entryId: uuid('entry_id').notNull(),
		reporterId: text('reporter_id').references(() => user.id, { onDelete: 'set null' }),
		note: text('note').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		resolvedAt: timestamp('resolved_at', { withTimezone: true }),
		resolvedBy: text('resolved_by').references(() => user.id, { onDelete: 'set null' }),
		resolution: text('resolution')
	},
	(t) => [index('entry_report_open_idx').on(t.resolvedAt, t.createdAt), index('entry_report_entry_idx').on(t.entryType, t.entryId)]
);

/** A bulk import of directory entries from CSV: the file, its column mapping, the dry-run report and the progress. */
export const importJob = pgTable('import_job', {
	id: uuid('id').primaryKey().defaultRandom(),
	entryType: text('entry_type').notNull(),
	fileName: text('file_name').notNull(),
	csv: text('csv').notNull(),
	/** Target field → CSV column. */
	mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
	// 'uploaded', 'checked', 'running', 'done', 'failed'
	status: text('status').notNull().default('uploaded'),
	rowCount: integer('row_count').notNull().default(0),
	/**
	 * Rows the running commit has gone through, stored every few rows from a connection of its own (on PostgreSQL) so
	 * that every server's page shows it; all of them once done, 0 when the commit failed (it rolled back).
	 */
	processed: integer('processed').notNull().default(0),
	/** The job's attempt that runs or last ran the commit (1 the first, 0 before it started): above 1, one was interrupted. */
	attempt: integer('attempt').notNull().default(0),
	/** When the running attempt started or last stored its progress: a time that stops moving says its server stopped. */
	progressAt: timestamp('progress_at', { withTimezone: true }),
	/** Row-level errors of the last dry run or of the failed commit. */
	errors: jsonb('errors').$type<{ row: number; field: string; messageKey: string }[]>().notNull().default([]),
	createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	finishedAt: timestamp('finished_at', { withTimezone: true })
});

/**
 * A correction to a verified institution or call proposed by someone outside the secretariat: the whole edited
 * form as it was sent, so the secretariat sees the differences and applies it through the same validation.
 */
export const entryCorrection = pgTable(
	'entry_correction',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		entryType: text('entry_type').notNull(),
		entryId: uuid('entry_id').notNull(),
		proposed: jsonb('proposed').$type<Record<string, unknown>>().notNull(),
		note: text('note').notNull().default(''),
		// 'pending', 'applied', 'rejected'
		status: text('status').notNull().default('pending'),
		proposedBy: text('proposed_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		reason: text('reason')
	},
	(t) => [index('entry_correction_pending_idx').on(t.status, t.createdAt), index('entry_correction_entry_idx').on(t.entryType, t.entryId)]
);
