import { m } from '$lib/paraglide/messages';

const kinds: Record<string, () => string> = {
	technical_assistance: m.service_kind_technical_assistance,
	training: m.service_kind_training,
	peer_exchange: m.service_kind_peer_exchange,
	research: m.service_kind_research
};
const costs: Record<string, () => string> = { free: m.service_cost_free, cost_shared: m.service_cost_cost_shared, fee: m.service_cost_fee };
const statuses: Record<string, () => string> = { open: m.inbox_status_open, answered: m.inbox_status_answered, closed: m.inbox_status_closed };

/** The translated name of a kind of cooperation service. */
export const serviceKindName = (kind: string) => kinds[kind]?.() ?? kind;
/** The translated name of a service's cost. */
export const serviceCostName = (cost: string) => costs[cost]?.() ?? cost;
/** The translated status of a request. */
export const requestStatusName = (status: string) => statuses[status]?.() ?? status;
