import { writeCsv } from '../files';
import type { Executor } from '../db';
import { getDb } from '../db';
import { callStatus, instantToZonedTime } from './call-status';
import * as openDataQueries from './open-data-queries';

const db = (tx?: Executor) => tx ?? getDb();

/**
 * Institutions and experts as Popolo JSON (organizations, persons, memberships). Only public fields: an expert's
 * e-mail, phone and CV never leave the platform this way.
 */
export async function exportPopolo(ctx: { tx?: Executor }, origin: string) {
	const institutions = await openDataQueries.selectVerifiedInstitutions(db(ctx.tx));
	const experts = await openDataQueries.selectVerifiedExpertsPublic(db(ctx.tx));
	return {
		organizations: institutions.map((row) => ({
			id: row.id,
			name: row.name,
			other_names: row.acronym ? [{ name: row.acronym, note: 'acronym' }] : [],
			classification: row.kind,
			parent_id: row.parentId,
			area_id: row.countryCode,
			description: row.description || undefined,
			founding_date: undefined,
			contact_details: [
				...(row.email ? [{ type: 'email', value: row.email }] : []),
				...(row.phone ? [{ type: 'voice', value: row.phone }] : [])
			],
			links: [...(row.website ? [{ url: row.website, note: 'website' }] : []), { url: `${origin}/directorio/instituciones/${row.id}`, note: 'cabildo' }],
			// Extensions outside Popolo, prefixed as its convention suggests.
			cabildo_countries_served: row.countriesServed,
			cabildo_themes: row.themes,
			cabildo_network_member: row.networkMember,
			cabildo_member_since: row.memberSince,
			cabildo_centre_of_excellence: row.centreOfExcellence ? { themes: row.excellenceThemes } : null,
			cabildo_verified_at: row.verifiedAt?.toISOString() ?? null
		})),
		persons: experts.map((row) => ({
			id: row.id,
			name: row.name,
			summary: row.headline || undefined,
			biography: row.bio || undefined,
			links: [...(row.website ? [{ url: row.website, note: 'website' }] : []), { url: `${origin}/directorio/expertos/${row.id}`, note: 'cabildo' }],
			cabildo_languages: row.languages,
			cabildo_countries: row.countries,
			cabildo_competencies: row.themes.map((item) => ({ theme: item.split(':')[0], level: item.split(':')[1] })),
			cabildo_availability: row.availability
		})),
		memberships: experts
			.filter((row) => row.organisationId)
			.map((row) => ({ id: `${row.id}:${row.organisationId}`, person_id: row.id, organization_id: row.organisationId, role: 'expert' }))
	};
}

/** Services as Open Referral HSDS: JSON (service with its organization) or the CSV of the `services` table. */
export async function exportServices(ctx: { tx?: Executor }, format: 'json' | 'csv') {
	const rows = await openDataQueries.selectVerifiedServices(db(ctx.tx));
	const services = rows.map(({ service, organizationName }) => ({
		id: service.id,
		organization_id: service.institutionId,
		organization: { id: service.institutionId, name: organizationName },
		name: service.name,
		description: service.description,
		status: service.serviceStatus,
		eligibility_description: service.eligibility,
		fees_description: [service.cost, service.costDetails].filter(Boolean).join(': '),
		application_process: service.howToRequest,
		languages: service.languages.map((code) => ({ code })),
		service_areas: service.serviceAreas.map((code) => ({ name: code, extent_type: 'country' })),
		attributes: [
			{ taxonomy: 'cabildo-service-kind', value: service.kind },
			...service.themes.map((code) => ({ taxonomy: 'cabildo-theme', value: code })),
			...service.eligibleApplicants.map((code) => ({ taxonomy: 'cabildo-applicant', value: code }))
		]
	}));
	if (format === 'json') return JSON.stringify(services, null, 2);
	const columns = ['id', 'organization_id', 'organization_name', 'name', 'description', 'status', 'eligibility_description', 'fees_description', 'application_process', 'languages', 'service_areas', 'kind', 'themes'];
	return writeCsv([
		columns,
		...services.map((item, index) => [
			item.id,
			item.organization_id,
			item.organization.name,
			item.name,
			item.description,
			item.status,
			item.eligibility_description,
			item.fees_description,
			item.application_process,
			rows[index].service.languages.join(';'),
			rows[index].service.serviceAreas.join(';'),
			rows[index].service.kind,
			rows[index].service.themes.join(';')
		])
	]);
}

/** Funding calls as CSV, with local and UTC deadlines and the status at `now`. */
export async function exportCallsCsv(ctx: { tx?: Executor }, now = new Date()) {
	const rows = await openDataQueries.selectVerifiedCalls(db(ctx.tx));
	const columns = ['id', 'title', 'funder', 'status', 'opens_local', 'closes_local', 'time_zone', 'closes_utc', 'amount_min', 'amount_max', 'currency', 'cofinancing_percent', 'eligible_countries', 'eligible_applicants', 'themes', 'sdgs', 'link'];
	return writeCsv([
		columns,
		...rows.map(({ call, funderName }) => [
			call.id,
			call.title,
			funderName,
			callStatus(call, now),
			instantToZonedTime(call.opensAt, call.timeZone),
			instantToZonedTime(call.closesAt, call.timeZone),
			call.timeZone,
			call.closesAt.toISOString(),
			call.amountMin ?? '',
			call.amountMax ?? '',
			call.currency ?? '',
			call.cofinancingPercent ?? '',
			call.eligibleCountries.join(';'),
			call.eligibleApplicants.join(';'),
			call.themes.join(';'),
			call.sdgs.join(';'),
			call.link ?? ''
		])
	]);
}
