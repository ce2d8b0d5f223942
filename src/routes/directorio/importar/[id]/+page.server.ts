import { redirect } from '@sveltejs/kit';
import { checkImport, commitImport, getImport, type ImportType } from '$lib/server/directory/import-service';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix, translate } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

// The fields under the names the forms give them (message keys), and where a type's form names them otherwise.
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

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const job = await getImport(contextOf(event), event.params.id);
			const locale = event.locals.locale;
			const labels: Record<string, string> = Object.fromEntries(
				job.fields.map((field) => {
					const key = labelKeysOf[job.type]?.[field] ?? labelKeys[field];
					return [field, key ? translate(key, locale) : field];
				})
			);
			return {
				job: {
					...job,
					labels,
					errors: job.errors.map((error) => ({ ...error, message: translate(error.messageKey, locale, { ...error.params, field: labels[error.field] ?? error.field }) }))
				}
			};
		},
		event.url.pathname
	);

export const actions: Actions = {
	check: async (event) => {
		const values = await readForm(event.request);
		try {
			await checkImport(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/importar/${event.params.id}`);
	},
	commit: async (event) => {
		try {
			await commitImport(contextOf(event), event.params.id);
		} catch (error) {
			return formFailure(event, error, {});
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/importar/${event.params.id}`);
	}
};
