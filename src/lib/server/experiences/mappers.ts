import type { Locale } from '../context';
import type * as queries from './queries';
import type { WorkflowAction } from './workflow';

type Stored = NonNullable<Awaited<ReturnType<typeof queries.selectExperience>>>;
type Events = Awaited<ReturnType<typeof queries.selectEvents>>;

/** The rich or long texts of an experience, in the reader's language (or the original's). */
export const experienceTextFields = ['title', 'summary', 'context', 'objectives', 'actors', 'participation', 'resources', 'lessons', 'replication'] as const;

/** An experience as pages and the API show it, in the reader's language when a translation exists. */
export interface ExperienceDto {
	id: string;
	state: string;
	originalLocale: string;
	/** The language the texts below are in; differs from the reader's when there is no translation yet. */
	locale: string;
	translated: boolean;
	// The texts stand beside the other fields, named as in the catalogue's items and in the draft a client sends.
	title: string;
	summary: string;
	context: string;
	objectives: string;
	actors: string;
	participation: string;
	resources: string;
	lessons: string;
	replication: string;
	/** Countries of its municipalities, as in the catalogue's items. */
	countries: string[];
	municipalities: { id: string; name: string; country: string }[];
	themes: string[];
	sdgs: string[];
	budget: { amount: number; currency: string } | null;
	timeline: { start: string | null; end: string | null; ongoing: boolean };
	contact: { name: string | null; email: string | null };
	leadInstitution: string | null;
	results: { indicator: string; before: string; after: string; source: string }[];
	links: { label: string; url: string }[];
	/** 1 until the record is edited after publication. */
	version: number;
	/** Demonstration record loaded by `npm run data:demo`. */
	isDemo: boolean;
	publishedAt: string | null;
	history: { action: string; from: string; to: string; by: string | null; comment: string | null; at: string }[];
	/** What the reader may do now (so the page offers only those). */
	actions: WorkflowAction[];
	/** Whether the reader may edit it now (its authors, while a draft or once published, as a new version). */
	canEdit: boolean;
	/** Languages it is written in (the original first). */
	languages: string[];
}

/** Maps stored rows to the DTO, choosing the reader's language or falling back to the original. */
export function toExperienceDto(stored: Stored, events: Events, locale: Locale, actions: WorkflowAction[], canEdit: boolean): ExperienceDto {
	const text = stored.texts.find((item) => item.locale === locale) ?? stored.texts.find((item) => item.isOriginal) ?? stored.texts[0];
	return {
		id: stored.row.id,
		state: stored.row.state,
		originalLocale: stored.row.originalLocale,
		locale: text.locale,
		translated: text.locale === locale,
		title: text.title,
		summary: text.summary,
		context: text.context,
		objectives: text.objectives,
		actors: text.actors,
		participation: text.participation,
		resources: text.resources,
		lessons: text.lessons,
		replication: text.replication,
		countries: [...new Set(stored.municipalities.map((m) => m.countryCode))].sort(),
		municipalities: stored.municipalities.map((m) => ({ id: m.id, name: m.name, country: m.countryCode })),
		themes: stored.terms.filter((term) => term.facet === 'theme').map((term) => term.code),
		sdgs: stored.terms.filter((term) => term.facet === 'sdg').map((term) => term.code),
		budget:
			stored.row.budgetAmount !== null && stored.row.budgetCurrency
				? { amount: Number(stored.row.budgetAmount), currency: stored.row.budgetCurrency }
				: null,
		timeline: { start: stored.row.startDate, end: stored.row.endDate, ongoing: stored.row.ongoing },
		contact: { name: stored.row.contactName, email: stored.row.contactEmail },
		leadInstitution: stored.row.leadInstitution,
		results: stored.row.results,
		links: stored.row.links,
		version: stored.row.version,
		isDemo: stored.row.isDemo,
		publishedAt: stored.row.publishedAt?.toISOString() ?? null,
		history: events.map((event) => ({
			action: event.action,
			from: event.fromState,
			to: event.toState,
			by: event.actorName,
			comment: event.comment,
			at: event.occurredAt.toISOString()
		})),
		actions,
		canEdit,
		languages: [...stored.texts].sort((a, b) => Number(b.isOriginal) - Number(a.isOriginal)).map((item) => item.locale)
	};
}

/** schema.org JSON-LD of a published experience (a CreativeWork about places, with its aggregate rating). */
export function toExperienceJsonLd(
	dto: ExperienceDto,
	options: { url: string; themeLabels: Map<string, string>; rating: { mean: number; count: number } | null }
): Record<string, unknown> {
	return {
		'@context': 'https://schema.org',
		'@type': 'CreativeWork',
		'@id': options.url,
		url: options.url,
		name: dto.title,
		abstract: dto.summary || undefined,
		inLanguage: dto.locale,
		datePublished: dto.publishedAt ?? undefined,
		version: String(dto.version),
		keywords: dto.themes.map((code) => options.themeLabels.get(code) ?? code).join(', ') || undefined,
		spatialCoverage: dto.municipalities.map((place) => ({ '@type': 'Place', name: place.name, address: { '@type': 'PostalAddress', addressCountry: place.country } })),
		author: dto.municipalities.map((place) => ({ '@type': 'GovernmentOrganization', name: place.name })),
		temporalCoverage: dto.timeline.start ? `${dto.timeline.start}/${dto.timeline.ongoing ? '..' : (dto.timeline.end ?? '..')}` : undefined,
		aggregateRating: options.rating
			? { '@type': 'AggregateRating', ratingValue: options.rating.mean, ratingCount: options.rating.count, bestRating: 5, worstRating: 1 }
			: undefined,
		isAccessibleForFree: true
	};
}

/** One published experience as the catalogue, the API list, feeds and exports show it. */
export interface CatalogueItem {
	id: string;
	title: string;
	summary: string;
	/** Language of title and summary: the reader's when translated, else the original. */
	locale: string;
	translated: boolean;
	publishedAt: string;
	year: number | null;
	countries: string[];
	municipalities: { id: string; name: string }[];
	themes: string[];
	sdgs: string[];
	sizeBand: string;
	score: number | null;
	recognised: boolean;
	isDemo: boolean;
}
