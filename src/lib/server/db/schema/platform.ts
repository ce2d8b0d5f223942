import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { municipality } from './territories';

/** A role granted to a user; `municipality_official` grants name their municipality. */
export const roleGrant = pgTable(
	'role_grant',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		role: text('role').notNull(),
		subRole: text('sub_role'),
		municipalityId: text('municipality_id').references(() => municipality.id),
		grantedBy: text('granted_by').references(() => user.id, { onDelete: 'set null' }),
		grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('role_grant_unique').on(t.userId, t.role, t.subRole, t.municipalityId).nullsNotDistinct(),
		index('role_grant_user_idx').on(t.userId)
	]
);

/**
 * A person's request for a role (issue 13): the secretariat approves it (the grant is made in the same transaction)
 * or declines it with a reason. Only roles one may ask for are stored; `locale` is the language the person asked in,
 * so the decision is mailed in it.
 */
export const roleRequest = pgTable(
	'role_request',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		role: text('role').notNull(),
		municipalityId: text('municipality_id').references(() => municipality.id),
		position: text('position'),
		institutionalEmail: text('institutional_email'),
		note: text('note'),
		// 'pending', 'approved', 'declined', 'withdrawn'
		status: text('status').notNull().default('pending'),
		reason: text('reason'),
		locale: text('locale').notNull().default('es'),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('role_request_role_check', sql`${t.role} in ('municipal_official', 'reviewer', 'expert', 'statistics_editor')`),
		check('role_request_status_check', sql`${t.status} in ('pending', 'approved', 'declined', 'withdrawn')`),
		check('role_request_municipality_check', sql`(${t.role} = 'municipal_official') = (${t.municipalityId} is not null)`),
		check('role_request_note_length', sql`char_length(${t.note}) <= 2000`),
		// One pending request per person, role and municipality (a role without one counts once).
		uniqueIndex('role_request_one_pending')
			.on(t.userId, t.role, sql`coalesce(${t.municipalityId}, '')`)
			.where(sql`${t.status} = 'pending'`),
		index('role_request_status_idx').on(t.status, t.createdAt),
		index('role_request_user_idx').on(t.userId)
	]
);

/** Append-only record of who did what to which subject. */
export const auditEvent = pgTable(
	'audit_event',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
		actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
		requestId: text('request_id')
	},
	(t) => [
		index('audit_event_occurred_at_idx').on(t.occurredAt),
		index('audit_event_subject_idx').on(t.subjectType, t.subjectId)
	]
);

/** Every e-mail the platform writes; without SMTP it stays here for administrators to read. */
export const mailMessage = pgTable(
	'mail_message',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body').notNull(),
		// 'outbox' (no SMTP configured), 'pending', 'sent', 'failed'
		status: text('status').notNull(),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		sentAt: timestamp('sent_at', { withTimezone: true })
	},
	(t) => [index('mail_message_created_at_idx').on(t.createdAt), index('mail_message_status_idx').on(t.status)]
);

/** Fixed-window counters shared by every server process, for sign-in, sign-up and reset limits. */
export const rateLimitBucket = pgTable('rate_limit_bucket', {
	key: text('key').primaryKey(),
	windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
	count: integer('count').notNull()
});

/** Settings the secretariat changes at run time (for example the score that earns the "recognised" mark). */
export const platformSetting = pgTable('platform_setting', {
	key: text('key').primaryKey(),
	value: jsonb('value').$type<unknown>().notNull(),
	updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});
