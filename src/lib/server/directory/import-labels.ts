// How an import's page names the fields it maps and words the errors of its rows, in the reader's language: the
// fields under the names the entry forms give them.
import type { Locale } from '../context';
import { translate } from '../i18n';
import type { ImportType } from './import-fields';

// Message keys of the fields, and where a type's form names them otherwise.
const labelKeys: Record<string, string> = {
	name: 'institution_name',
	kind: 'institution_kind',
	countryCode: 'institution_country',
	acronym: 'institution_acronym',
	countriesServed: 'institution_countries_served',
	themes: 'experience_field_themes',
	description: 'institution_description',
	website: 'institution_website',
	email: 'field_email',
	phone: 'institution_phone',
	networkMember: 'institution_network_member',
	memberSince: 'institution_member_since_label',
	funder: 'call_funder',
	title: 'experience_field_title',
	opensAt: 'call_opens',
	closesAt: 'call_deadline',
	timeZone: 'call_time_zone',
	sdgs: 'experience_field_sdgs',
	eligibleCountries: 'call_eligible_countries',
	eligibleApplicants: 'call_eligible_applicants',
	amountMin: 'call_amount_min',
	amountMax: 'call_amount_max',
	currency: 'experience_field_currency',
	cofinancingPercent: 'call_cofinancing',
	howToApply: 'call_how_to_apply',
	link: 'call_link'
};
const labelKeysOf: Partial<Record<ImportType, Record<string, string>>> = {
	funding_call: { description: 'call_description' },
	expert: {
		name: 'expert_name',
		headline: 'expert_headline',
		bio: 'expert_bio',
		competencies: 'expert_competencies',
		languages: 'expert_languages',
		countries: 'expert_countries',
		municipalityIds: 'expert_municipalities',
		organisationName: 'expert_organisation',
		availability: 'expert_availability',
		feeMin: 'expert_fee_min',
		feeMax: 'expert_fee_max',
		feeCurrency: 'experience_field_currency',
		consentOn: 'expert_consent_on',
		consentNote: 'expert_consent_note'
	},
	service: {
		provider: 'service_provider',
		name: 'service_name',
		kind: 'service_kind',
		description: 'call_description',
		serviceStatus: 'import_field_service_status',
		eligibility: 'service_eligibility',
		languages: 'service_languages',
		serviceAreas: 'service_areas',
		cost: 'service_cost',
		costDetails: 'service_cost_details',
		howToRequest: 'service_how_to_request'
	}
};

/** An import with its fields' labels and its rows' errors as sentences, in `locale`. */
export function labelImport<T extends { type: ImportType; fields: readonly string[]; errors: { field: string; messageKey: string; params?: Record<string, unknown> }[] }>(job: T, locale: Locale) {
	const labels: Record<string, string> = Object.fromEntries(
		job.fields.map((field) => {
			const key = labelKeysOf[job.type]?.[field] ?? labelKeys[field];
			return [field, key ? translate(key, locale) : field];
		})
	);
	return {
		...job,
		labels,
		errors: job.errors.map((error) => ({ ...error, message: translate(error.messageKey, locale, { ...error.params, field: labels[error.field] ?? error.field }) }))
	};
}
