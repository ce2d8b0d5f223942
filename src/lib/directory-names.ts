import { m } from '$lib/paraglide/messages';

const kinds: Record<string, () => string> = {
	training_institute: m.institution_kind_training_institute,
	municipal_association: m.institution_kind_municipal_association,
	cooperation_agency: m.institution_kind_cooperation_agency,
	development_bank: m.institution_kind_development_bank,
	foundation: m.institution_kind_foundation,
	university: m.institution_kind_university,
	ngo: m.institution_kind_ngo,
	government_body: m.institution_kind_government_body
};
const statuses: Record<string, () => string> = {
	upcoming: m.call_status_upcoming,
	open: m.call_status_open,
	closing_soon: m.call_status_closing_soon,
	closed: m.call_status_closed
};
const types: Record<string, () => string> = { institution: m.directory_type_institution, funding_call: m.directory_type_funding_call, expert: m.directory_type_expert, service: m.directory_type_service };
const applicants: Record<string, () => string> = {
	municipality: m.applicant_municipality,
	municipal_association: m.applicant_municipal_association,
	ngo: m.applicant_ngo,
	university: m.applicant_university,
	government_body: m.applicant_government_body
};

/** The translated name of an institution kind. */
export const institutionKindName = (kind: string) => kinds[kind]?.() ?? kind;
/** The translated name of a call status. */
export const callStatusName = (status: string) => statuses[status]?.() ?? status;
/** The translated name of a directory entry type. */
export const directoryTypeName = (type: string) => types[type]?.() ?? type;
/** The kinds of applicant a call or a service can name, in the order forms list them. */
export const applicantKinds = Object.keys(applicants);

/** The translated name of a kind of applicant. */
export const applicantName = (kind: string) => applicants[kind]?.() ?? kind;

const availabilities: Record<string, () => string> = {
	available: m.availability_available,
	limited: m.availability_limited,
	unavailable: m.availability_unavailable
};
const levels: Record<string, () => string> = { working: m.level_working, experienced: m.level_experienced, leading: m.level_leading };
const languages: Record<string, () => string> = {
	es: m.language_es,
	pt: m.language_pt,
	en: m.language_en,
	fr: m.language_fr,
	qu: m.language_qu,
	gn: m.language_gn,
	ay: m.language_ay
};

/** The translated name of an availability. */
export const availabilityName = (value: string) => availabilities[value]?.() ?? value;
/** The translated name of a competency level. */
export const competencyLevelName = (value: string) => levels[value]?.() ?? value;
/** The translated name of a working language. */
export const languageName = (value: string) => languages[value]?.() ?? value;

const fieldLabels: Record<string, () => string> = {
	name: m.institution_name,
	acronym: m.institution_acronym,
	kind: m.institution_kind,
	countryCode: m.institution_country,
	countriesServed: m.institution_countries_served,
	description: m.institution_description,
	themes: m.experience_field_themes,
	website: m.institution_website,
	email: m.field_email,
	phone: m.institution_phone,
	parentName: m.institution_parent,
	organisationId: m.expert_organisation,
	title: m.experience_field_title,
	sdgs: m.experience_field_sdgs,
	eligibleCountries: m.call_eligible_countries,
	eligibleApplicants: m.call_eligible_applicants,
	sizeBands: m.catalogue_filter_size,
	amountMin: m.call_amount_min,
	amountMax: m.call_amount_max,
	currency: m.experience_field_currency,
	cofinancingPercent: m.call_cofinancing,
	opensAt: m.call_opens,
	closesAt: m.call_deadline,
	timeZone: m.call_time_zone,
	howToApply: m.call_how_to_apply,
	link: m.call_link,
	documents: m.call_documents,
	networkMember: m.institution_network_member,
	memberSince: m.institution_member_since_label,
	centreOfExcellence: m.institution_centre_of_excellence,
	excellenceThemes: m.institution_excellence_themes,
	excellenceRecognisedOn: m.institution_excellence_on,
	excellenceBasis: m.institution_excellence_basis
};

/** The translated label of a directory form field (as a proposed correction lists them). */
export const directoryFieldLabel = (field: string) => fieldLabels[field]?.() ?? field;

/** A proposed field's value as a reader understands it: coded lists (kinds, applicants) by their names. */
export function directoryFieldValue(field: string, value: string): string {
	if (field === 'kind') return institutionKindName(value);
	if (field === 'eligibleApplicants') return value.split(' ').map(applicantName).join(', ');
	return value;
}
