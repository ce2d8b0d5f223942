-- Fills the directory search's listing (directory_listing, decision 0008) with the verified entries stored so far;
-- from now on every write refreshes its own rows (refreshDirectoryListing in src/lib/server/directory/search-queries.ts,
-- which builds the same rows).
insert into "directory_listing" (entry_type, entry_id, title, subtitle, parent_id, kind, countries, themes, sdgs, applicants, languages, availability,
	opens_at, closes_at, time_zone, verified_at, centre_of_excellence, is_demo, filter_keys, document)
select 'institution', i.id, i.name, i.acronym, null::uuid, i.kind, array_prepend(i.country_code, i.countries_served), i.themes, '{}'::text[], '{}'::text[],
	'{}'::text[], null, null::timestamptz, null::timestamptz, null, i.verified_at, i.centre_of_excellence, i.is_demo,
	array['type:institution', 'kind:' || i.kind] || array(select 'country:' || v from unnest(array_prepend(i.country_code, i.countries_served)) v) || array(select 'theme:' || v from unnest(i.themes) v),
	i.document
from "institution" i where i.status = 'verified' union all
select 'funding_call', c.id, c.title, null, c.funder_id, null, c.eligible_countries, c.themes, c.sdgs, c.eligible_applicants,
	'{}'::text[], null, c.opens_at, c.closes_at, c.time_zone, c.verified_at, false, c.is_demo,
	array['type:funding_call'] || case when cardinality(c.eligible_countries) = 0 then array['country:*'] else array(select 'country:' || v from unnest(c.eligible_countries) v) end || array(select 'theme:' || v from unnest(c.themes) v) || array(select 'sdg:' || v from unnest(c.sdgs) v)
	|| case when cardinality(c.eligible_applicants) = 0 then array['applicant:*'] else array(select 'applicant:' || v from unnest(c.eligible_applicants) v) end,
	c.document
from "funding_call" c where c.status = 'verified' union all
select 'expert', e.id, e.name, e.headline, null::uuid, null, e.countries, k.themes, '{}'::text[], '{}'::text[],
	e.languages, e.availability, null::timestamptz, null::timestamptz, null, e.verified_at, false, e.is_demo,
	array['type:expert', 'availability:' || e.availability] || array(select 'country:' || v from unnest(e.countries) v) || array(select 'theme:' || v from unnest(k.themes) v) || array(select 'language:' || v from unnest(e.languages) v),
	e.document
from "expert" e, lateral (select array(select c.theme from "expert_competency" c where c.expert_id = e.id) as themes) k
where e.status = 'verified' union all
select 'service', s.id, s.name, null, s.institution_id, null, s.service_areas, s.themes, '{}'::text[], s.eligible_applicants,
	s.languages, null, null::timestamptz, null::timestamptz, null, s.verified_at, false, s.is_demo,
	array['type:service'] || case when cardinality(s.service_areas) = 0 then array['country:*'] else array(select 'country:' || v from unnest(s.service_areas) v) end || array(select 'theme:' || v from unnest(s.themes) v) || array(select 'language:' || v from unnest(s.languages) v)
	|| case when cardinality(s.eligible_applicants) = 0 then array['applicant:*'] else array(select 'applicant:' || v from unnest(s.eligible_applicants) v) end,
	s.document
from "cooperation_service" s where s.status = 'verified' and s.service_status = 'active';
