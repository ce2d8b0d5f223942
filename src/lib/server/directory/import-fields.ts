// The import's vocabulary, read by the import service and by its page's labels (kept apart so neither imports the other).

/** What can be imported, and the fields a CSV column can be mapped to (required ones first). */
export const importFields = {
	institution: ['name', 'kind', 'countryCode', 'acronym', 'countriesServed', 'themes', 'description', 'website', 'email', 'phone', 'networkMember', 'memberSince'],
	funding_call: ['funder', 'title', 'opensAt', 'closesAt', 'timeZone', 'description', 'themes', 'sdgs', 'eligibleCountries', 'eligibleApplicants', 'amountMin', 'amountMax', 'currency', 'cofinancingPercent', 'howToApply', 'link'],
	// The secretariat creates profiles for other people: only with the date and form of their consent.
	expert: ['name', 'consentOn', 'consentNote', 'headline', 'bio', 'competencies', 'languages', 'countries', 'municipalityIds', 'organisationName', 'availability', 'feeMin', 'feeMax', 'feeCurrency', 'email', 'phone', 'website'],
	service: ['provider', 'name', 'kind', 'description', 'serviceStatus', 'eligibility', 'eligibleApplicants', 'languages', 'serviceAreas', 'themes', 'cost', 'costDetails', 'howToRequest']
} as const;
export type ImportType = keyof typeof importFields;

/** The fields whose column must be chosen before the dry run (the first ones of `importFields`). */
export const requiredImportFields: Record<ImportType, readonly string[]> = {
	institution: ['name', 'kind', 'countryCode'],
	funding_call: ['funder', 'title', 'opensAt', 'closesAt', 'timeZone'],
	expert: ['name', 'consentOn', 'consentNote'],
	service: ['provider', 'name', 'kind']
};
