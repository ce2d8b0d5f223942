// An entry as its edit form shows it: the starting values of the secretariat's edit and the base a proposed
// correction is compared with and applied onto. Lists are space-separated and checkboxes "on", as forms send them.

/** The institution fields a form holds, as strings. */
export function institutionFormValues(institution: {
	name: string;
	acronym: string | null;
	kind: string;
	countryCode: string;
	countriesServed: string[];
	description: string;
	themes: string[];
	website: string | null;
	email: string | null;
	phone: string | null;
	parent: { name: string } | null;
	networkMember: boolean;
	memberSince: string | null;
	centreOfExcellence: { themes: string[]; recognisedOn: string | null; basis: string | null } | null;
}): Record<string, string> {
	return {
		name: institution.name,
		acronym: institution.acronym ?? '',
		kind: institution.kind,
		countryCode: institution.countryCode,
		countriesServed: institution.countriesServed.join(' '),
		description: institution.description,
		themes: institution.themes.join(' '),
		website: institution.website ?? '',
		email: institution.email ?? '',
		phone: institution.phone ?? '',
		parentName: institution.parent?.name ?? '',
		networkMember: institution.networkMember ? 'on' : '',
		memberSince: institution.memberSince ?? '',
		centreOfExcellence: institution.centreOfExcellence ? 'on' : '',
		excellenceThemes: institution.centreOfExcellence?.themes.join(' ') ?? '',
		excellenceRecognisedOn: institution.centreOfExcellence?.recognisedOn ?? '',
		excellenceBasis: institution.centreOfExcellence?.basis ?? ''
	};
}

/** The funding call fields a form holds, as strings; dates as wall-clock times in the call's zone. */
export function callFormValues(call: {
	funder: { id: string };
	title: string;
	description: string;
	themes: string[];
	sdgs: string[];
	eligibleCountries: string[];
	eligibleApplicants: string[];
	sizeBands: string[];
	amount: { min: number | null; max: number | null; currency: string | null } | null;
	cofinancingPercent: number | null;
	opensLocal: string;
	closesLocal: string;
	timeZone: string;
	howToApply: string;
	link: string | null;
	documents: { title: string; url: string }[];
}): Record<string, string> {
	return {
		funderId: call.funder.id,
		title: call.title,
		description: call.description,
		themes: call.themes.join(' '),
		sdgs: call.sdgs.join(' '),
		eligibleCountries: call.eligibleCountries.join(' '),
		eligibleApplicants: call.eligibleApplicants.join(' '),
		sizeBands: call.sizeBands.join(' '),
		amountMin: call.amount?.min?.toString() ?? '',
		amountMax: call.amount?.max?.toString() ?? '',
		currency: call.amount?.currency ?? '',
		cofinancingPercent: call.cofinancingPercent?.toString() ?? '',
		opensAt: call.opensLocal,
		closesAt: call.closesLocal,
		timeZone: call.timeZone,
		howToApply: call.howToApply,
		link: call.link ?? '',
		documents: call.documents.map((document) => (document.title ? `${document.title} | ${document.url}` : document.url)).join('\n')
	};
}

/** Fields whose value differs between two sets of form values (differences of spacing aside). */
export function changedFields(current: Record<string, string>, proposed: Record<string, string>, fields: readonly string[]): Record<string, string> {
	const normal = (value: string | undefined) =>
		(value ?? '')
			.split(/\s+/)
			.filter(Boolean)
			.join(' ');
	const changes: Record<string, string> = {};
	for (const field of fields) {
		if (!(field in proposed)) continue;
		if (normal(current[field]) !== normal(proposed[field])) changes[field] = proposed[field];
	}
	return changes;
}

/** What someone outside the secretariat may correct: not membership or recognition, nor a call's funder. */
export const correctableFields = {
	institution: ['name', 'acronym', 'kind', 'countryCode', 'countriesServed', 'description', 'themes', 'website', 'email', 'phone', 'parentName'],
	funding_call: [
		'title',
		'description',
		'themes',
		'sdgs',
		'eligibleCountries',
		'eligibleApplicants',
		'sizeBands',
		'amountMin',
		'amountMax',
		'currency',
		'cofinancingPercent',
		'opensAt',
		'closesAt',
		'timeZone',
		'howToApply',
		'link',
		'documents'
	]
} as const;
