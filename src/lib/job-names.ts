import { m } from '$lib/paraglide/messages';

// The administrators' jobs page names each kind of background work and each state in the reader's language; a
// kind added later without a name here shows its technical name (still correct, only less friendly).
const kinds: Record<string, () => string> = {
	'mail.deliver': m.admin_jobs_kind_mail_deliver,
	'mail.sweep': m.admin_jobs_kind_mail_sweep,
	'directory.weekly-digest': m.admin_jobs_kind_weekly_digest,
	'directory.deadline-reminders': m.admin_jobs_kind_deadline_reminders,
	'directory.import': m.admin_jobs_kind_directory_import,
	'directory.import.dead': m.admin_jobs_kind_directory_import_dead,
	'statistics.import': m.admin_jobs_kind_statistics_import,
	'statistics.import.dead': m.admin_jobs_kind_statistics_import_dead,
	'db.maintain-tables': m.admin_jobs_kind_maintain_tables,
	'db.analyze-tables': m.admin_jobs_kind_analyze_tables,
	'rate-limit.forget-stale': m.admin_jobs_kind_forget_rate_limits
};

const views: Record<string, () => string> = {
	queued: m.admin_jobs_view_queued,
	running: m.admin_jobs_view_running,
	done: m.admin_jobs_view_done,
	failed: m.admin_jobs_view_failed
};

const states: Record<string, () => string> = {
	created: m.admin_jobs_state_created,
	retry: m.admin_jobs_state_retry,
	active: m.admin_jobs_state_active,
	completed: m.admin_jobs_state_completed,
	cancelled: m.admin_jobs_state_cancelled,
	failed: m.admin_jobs_state_failed
};

/** The translated name of a kind of job (its queue). */
export const jobKindName = (name: string): string => kinds[name]?.() ?? name;
/** The translated name of a group of states: queued, running, done, failed. */
export const jobViewName = (view: string): string => views[view]?.() ?? view;
/** The translated name of one job's state. */
export const jobStateName = (state: string): string => states[state]?.() ?? state;
