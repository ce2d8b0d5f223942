// The public fields of verified entries, for the Popolo, HSDS and CSV exports.
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, expert, expertCompetency, fundingCall, institution } from '../db/schema';

/** Verified institutions for the Popolo export (public fields only), by name. */
export async function selectVerifiedInstitutions(db: Executor) {
	return db
		.select({
			id: institution.id,
			name: institution.name,
			acronym: institution.acronym,
			kind: institution.kind,
			countryCode: institution.countryCode,
			countriesServed: institution.countriesServed,
			themes: institution.themes,
			description: institution.description,
			website: institution.website,
			email: institution.email,
			phone: institution.phone,
			parentId: institution.parentId,
			networkMember: institution.networkMember,
			memberSince: institution.memberSince,
			centreOfExcellence: institution.centreOfExcellence,
			excellenceThemes: institution.excellenceThemes,
			verifiedAt: institution.verifiedAt
		})
		.from(institution)
		.where(eq(institution.status, 'verified'))
		.orderBy(asc(institution.name));
}

/** Verified experts for the Popolo export: public fields only, never e-mail, phone or CV. */
export async function selectVerifiedExpertsPublic(db: Executor) {
	return db
		.select({
			id: expert.id,
			name: expert.name,
			headline: expert.headline,
			bio: expert.bio,
			languages: expert.languages,
			countries: expert.countries,
			organisationId: expert.organisationId,
			availability: expert.availability,
			website: expert.website,
			themes: sql<string[]>`array(select k.theme || ':' || k.level from ${expertCompetency} k where k.expert_id = ${expert.id} order by k.theme)`
		})
		.from(expert)
		.where(eq(expert.status, 'verified'))
		.orderBy(asc(expert.name));
}

/** Verified services with their organisation's name, for the HSDS export. */
export async function selectVerifiedServices(db: Executor) {
	return db
		.select({ service: cooperationService, organizationName: institution.name })
		.from(cooperationService)
		.innerJoin(institution, eq(institution.id, cooperationService.institutionId))
		.where(eq(cooperationService.status, 'verified'))
		.orderBy(asc(cooperationService.name));
}

/** Verified calls with their funder's name, for the CSV export. */
export async function selectVerifiedCalls(db: Executor) {
	return db
		.select({ call: fundingCall, funderName: institution.name })
		.from(fundingCall)
		.innerJoin(institution, eq(institution.id, fundingCall.funderId))
		.where(eq(fundingCall.status, 'verified'))
		.orderBy(asc(fundingCall.closesAt));
}
