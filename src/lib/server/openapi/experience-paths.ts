import { z } from 'zod';
import { ZAssignReviewer, ZCatalogueQuery, ZExperienceDraft, ZRecognitionThreshold, ZReplication, ZReviewScores, ZTransition, ZTranslation } from '../experiences/schema';
import { errorResponse, langParam } from './shared';

// One experience has one shape: the catalogue's item and the record name the fields they share alike (the record has
// more), and a draft a client sends uses the same names for its texts.
const shared = {
	id: z.uuid(),
	title: z.string(),
	summary: z.string(),
	locale: z.string().meta({ description: 'Language of the texts: the reader’s when translated, else the original' }),
	translated: z.boolean(),
	countries: z.array(z.string()),
	themes: z.array(z.string()),
	sdgs: z.array(z.string()),
	isDemo: z.boolean()
};
const longText = z.string().meta({ description: 'Sanitised HTML' });

const ZExperienceSummary = z
	.object({ ...shared, publishedAt: z.string(), year: z.number().int().nullable().meta({ description: 'Year it started' }), municipalities: z.array(z.object({ id: z.string(), name: z.string() })), sizeBand: z.string(), score: z.number().nullable(), recognised: z.boolean() })
	.meta({ id: 'ExperienceSummary' });

const ZExperience = z
	.object({
		...shared,
		state: z.enum(['draft', 'submitted', 'in_review', 'returned', 'published', 'rejected', 'unpublished']),
		originalLocale: z.string(),
		publishedAt: z.string().nullable(),
		context: longText,
		objectives: longText,
		actors: longText,
		participation: longText,
		resources: longText,
		lessons: longText,
		replication: longText,
		municipalities: z.array(z.object({ id: z.string(), name: z.string(), country: z.string() })),
		budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
		timeline: z.object({ start: z.string().nullable(), end: z.string().nullable(), ongoing: z.boolean() }),
		contact: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
		leadInstitution: z.string().nullable(),
		results: z.array(z.object({ indicator: z.string(), before: z.string(), after: z.string(), source: z.string() })),
		links: z.array(z.object({ label: z.string(), url: z.string() })),
		version: z.number().int(),
		history: z.array(z.object({ action: z.string(), from: z.string(), to: z.string(), by: z.string().nullable(), comment: z.string().nullable(), at: z.string() })),
		actions: z.array(z.enum(['submit', 'accept', 'return', 'reopen', 'publish', 'reject', 'unpublish', 'republish'])),
		canEdit: z.boolean(),
		languages: z.array(z.string())
	})
	.meta({ id: 'Experience' });

/** The experience bank's paths of the OpenAPI document. */
export function experiencePaths() {
	return {
		'/experiences': {
			get: {
				summary: 'Published experiences: full-text search (es/pt/en), facets, sorting and pages, as in the catalogue',
				requestParams: { query: ZCatalogueQuery.extend(langParam.shape) },
				responses: {
					'200': {
						description: 'A page of experiences with the total and facet counts',
						content: {
							'application/json': {
								schema: z.object({
									items: z.array(ZExperienceSummary),
									total: z.number().int(),
									page: z.number().int(),
									pageSize: z.number().int(),
									facets: z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int() })))
								})
							}
						}
					},
					'400': errorResponse('Invalid filter (fields named)')
				}
			},
			post: {
				summary: 'Start a draft experience (municipal officials for their municipalities, or the secretariat)',
				security: [{ session: [] }],
				requestBody: { content: { 'application/json': { schema: ZExperienceDraft } } },
				responses: {
					'201': { description: 'Draft created', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
					'400': errorResponse('Invalid draft (fields named)'),
					'401': errorResponse('Not signed in'),
					'403': errorResponse('Not an official of those municipalities')
				}
			}
		},
		'/experiences/{id}': {
			get: {
				summary: 'One experience: published ones for everyone, others for their authors and the secretariat',
				requestParams: { path: z.object({ id: z.uuid() }), query: langParam },
				responses: { '200': { description: 'The experience, with its history and the actions the caller may take', content: { 'application/json': { schema: ZExperience } } }, '404': errorResponse('Unknown, or not visible to the caller') }
			},
			put: {
				summary: 'Save the draft again, or edit a published experience (its authors)',
				description:
					'On a published experience, a change to the contact person or address only is a small fix and applies at once; any other change by anyone but the secretariat becomes the one pending version (replacing an earlier pending one) and the published record stays as it is until the secretariat approves it. The secretariat is e-mailed about every change.',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZExperienceDraft } } },
				responses: {
					'200': { description: 'The saved experience (a draft, a small fix, or the secretariat\'s own edit)', content: { 'application/json': { schema: ZExperience } } },
					'202': {
						description: 'A substantive edit of a published experience, waiting for the secretariat; the published record is unchanged',
						content: { 'application/json': { schema: z.object({ pendingVersion: z.uuid().meta({ description: 'Id of the pending version' }) }).meta({ id: 'PendingVersionAccepted' }) } }
					},
					'400': errorResponse('Invalid draft'),
					'403': errorResponse('Not an author'),
					'409': errorResponse('Neither a draft nor published')
				}
			}
		},
		'/experiences/{id}/transitions': {
			post: {
				summary: 'Move an experience through the workflow (submit, accept, return, reopen, publish, reject, unpublish, republish)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZTransition } } },
				responses: {
					'200': { description: 'The new state', content: { 'application/json': { schema: z.object({ state: z.string() }) } } },
					'400': errorResponse('Missing reason'),
					'403': errorResponse('Not allowed for the caller'),
					'404': errorResponse('Unknown, or not visible to the caller'),
					'409': errorResponse('Not possible in the current state')
				}
			}
		},
		'/experiences/{id}/reviewers': {
			post: {
				summary: 'Assign a reviewer with a due date (secretariat; refused on a conflict of interest)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZAssignReviewer } } },
				responses: {
					'201': { description: 'Assignment created', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
					'400': errorResponse('Not a reviewer, or a due date in the past'),
					'403': errorResponse('Not the secretariat'),
					'409': errorResponse('Conflict of interest, already assigned, or not in review')
				}
			}
		},
		'/experiences/{id}/evaluation': {
			get: {
				summary: 'The evaluation as the caller may see it: mean per criterion when published; every review for the secretariat',
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'Summary, recognition and the assignments the caller may see' }, '404': errorResponse('Unknown, or not visible to the caller') }
			}
		},
		'/experiences/{id}/attachments': {
			get: {
				summary: 'Attachments of an experience',
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'File names, types (found in the content) and sizes' }, '404': errorResponse('Unknown, or not visible to the caller') }
			},
			post: {
				summary: 'Attach a file (authors; PDF, image or office document, 20 MB at most, checked by content)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary' }) }) } } },
				responses: {
					'201': { description: 'Stored', content: { 'application/json': { schema: z.object({ id: z.uuid() }) } } },
					'400': errorResponse('Missing, empty, too large, not allowed or disguised file'),
					'403': errorResponse('Not an author'),
					'409': errorResponse('Not editable in its state, or too many files')
				}
			}
		},
		'/attachments/{id}': {
			get: {
				summary: 'Download an attachment',
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'The file, as a download' }, '404': errorResponse('Unknown, or not visible to the caller') }
			},
			delete: {
				summary: 'Remove an attachment (authors)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'Removed' }, '403': errorResponse('Not an author'), '404': errorResponse('Unknown') }
			}
		},
		'/experiences/{id}/replications': {
			post: {
				summary: 'Declare that a municipality replicates a published experience (its officials)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZReplication } } },
				responses: {
					'200': { description: 'Declared or updated', content: { 'application/json': { schema: z.object({ created: z.boolean() }) } } },
					'403': errorResponse('Not an official of that municipality'),
					'404': errorResponse('Not a published experience')
				}
			},
			get: {
				summary: 'Municipalities replicating a published experience',
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'Replications' }, '404': errorResponse('Not a published experience') }
			}
		},
		'/experiences/{id}/translations': {
			put: {
				summary: 'Write the translation into a language other than the original (authors or secretariat)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZTranslation } } },
				responses: { '200': { description: 'Saved' }, '400': errorResponse('Invalid, or the original language'), '403': errorResponse('Not an author') }
			}
		},
		'/reviews': {
			get: {
				summary: "The caller's review assignments",
				security: [{ session: [] }],
				responses: { '200': { description: 'Assignments, open ones first' }, '401': errorResponse('Not signed in') }
			}
		},
		'/reviews/{id}': {
			get: {
				summary: 'One assignment (its reviewer or the secretariat)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'The assignment and, once submitted, its scores' }, '404': errorResponse('Unknown, or not yours') }
			},
			put: {
				summary: 'Submit the rubric: six criteria scored 1–5, each with a comment (once)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				requestBody: { content: { 'application/json': { schema: ZReviewScores } } },
				responses: {
					'200': { description: 'Submitted' },
					'400': errorResponse('Missing or out-of-range scores'),
					'403': errorResponse('Not the assigned reviewer'),
					'409': errorResponse('Already submitted, or the experience is no longer in review')
				}
			},
			delete: {
				summary: 'Withdraw an assignment not yet submitted (secretariat)',
				security: [{ session: [] }],
				requestParams: { path: z.object({ id: z.uuid() }) },
				responses: { '200': { description: 'Withdrawn' }, '403': errorResponse('Not the secretariat'), '409': errorResponse('Already submitted') }
			}
		},
		'/settings/recognition-threshold': {
			get: {
				summary: 'The mean score from which published experiences are "recognised"',
				responses: { '200': { description: 'Threshold', content: { 'application/json': { schema: z.object({ threshold: z.number() }) } } } }
			},
			put: {
				summary: 'Change it (secretariat); every published experience is re-marked',
				security: [{ session: [] }],
				requestBody: { content: { 'application/json': { schema: ZRecognitionThreshold } } },
				responses: { '200': { description: 'Saved' }, '400': errorResponse('Outside 1–5'), '403': errorResponse('Not the secretariat') }
			}
		},
	};
}
