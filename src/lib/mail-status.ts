import { m } from '$lib/paraglide/messages';

const names: Record<string, () => string> = {
	outbox: m.mail_status_outbox,
	pending: m.mail_status_pending,
	sent: m.mail_status_sent,
	failed: m.mail_status_failed
};

/** The translated name of an outgoing message's status. */
export function mailStatusName(status: string): string {
	return names[status]?.() ?? status;
}
