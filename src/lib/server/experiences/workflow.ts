import type { Actor } from '../context';
import { AppError } from '../errors/app-error';
import { hasRole } from '../policy';

/** Where an experience is in "registrar, evaluar y difundir". */
export type ExperienceState = 'draft' | 'submitted' | 'in_review' | 'returned' | 'published' | 'rejected' | 'unpublished';

/** What someone can do to an experience's state. */
export type WorkflowAction = 'submit' | 'accept' | 'return' | 'reopen' | 'publish' | 'reject' | 'unpublish' | 'republish';

interface Transition {
	from: readonly ExperienceState[];
	to: ExperienceState;
	/** Who may do it: the authors (and officials of its municipalities) or the secretariat. */
	by: 'author' | 'secretariat';
	/** Whether the actor must say why (returned to the authors, rejected, unpublished). */
	needsComment: boolean;
}

/**
 * The workflow: draft → submitted → in_review → published | returned | rejected, returned → draft;
 * the completeness check may also return a submission; a published record can be unpublished and republished.
 */
export const transitions: Record<WorkflowAction, Transition> = {
	submit: { from: ['draft'], to: 'submitted', by: 'author', needsComment: false },
	accept: { from: ['submitted'], to: 'in_review', by: 'secretariat', needsComment: false },
	return: { from: ['submitted', 'in_review'], to: 'returned', by: 'secretariat', needsComment: true },
	reopen: { from: ['returned'], to: 'draft', by: 'author', needsComment: false },
	publish: { from: ['in_review'], to: 'published', by: 'secretariat', needsComment: false },
	reject: { from: ['in_review'], to: 'rejected', by: 'secretariat', needsComment: true },
	unpublish: { from: ['published'], to: 'unpublished', by: 'secretariat', needsComment: true },
	republish: { from: ['unpublished'], to: 'published', by: 'secretariat', needsComment: false }
};

/** Reviews needed before the secretariat can publish. */
export const MIN_REVIEWS_TO_PUBLISH = 2;

/** The facts about one experience that the rules look at. */
export interface ExperienceFacts {
	state: ExperienceState;
	authorIds: readonly string[];
	municipalityIds: readonly string[];
	completedReviews: number;
}

/** Whether the actor writes for this experience: one of its authors, or an official of one of its municipalities. */
export function isAuthorOf(actor: Actor | null, experience: Pick<ExperienceFacts, 'authorIds' | 'municipalityIds'>): boolean {
	if (!actor) return false;
	if (experience.authorIds.includes(actor.id)) return true;
	return actor.roles.some(
		(grant) => grant.role === 'municipal_official' && grant.municipalityId !== null && experience.municipalityIds.includes(grant.municipalityId)
	);
}

/**
 * Checks an action and returns the next state: UNAUTHENTICATED or FORBIDDEN for the wrong person,
 * CONFLICT for an action the current state does not allow, VALIDATION for a missing reason.
 */
export function applyAction(
	actor: Actor | null,
	experience: ExperienceFacts,
	action: WorkflowAction,
	comment?: string | null
): ExperienceState {
	if (!actor) throw new AppError('UNAUTHENTICATED');
	const transition = transitions[action];
	const allowed = transition.by === 'author' ? isAuthorOf(actor, experience) : hasRole(actor, 'secretariat');
	if (!allowed) throw new AppError('FORBIDDEN', { details: { action } });
	if (!transition.from.includes(experience.state)) {
		throw new AppError('CONFLICT', {
			fields: [{ field: 'action', messageKey: 'error_transition_not_allowed' }],
			details: { action, state: experience.state }
		});
	}
	if (transition.needsComment && !comment?.trim()) {
		throw new AppError('VALIDATION', { fields: [{ field: 'comment', messageKey: 'error_reason_required' }] });
	}
	if (action === 'publish' && experience.completedReviews < MIN_REVIEWS_TO_PUBLISH) {
		throw new AppError('CONFLICT', {
			fields: [{ field: 'action', messageKey: 'error_reviews_missing', params: { min: MIN_REVIEWS_TO_PUBLISH } }],
			details: { completedReviews: experience.completedReviews }
		});
	}
	return transition.to;
}

/** The actions this actor can take now, so pages and API answers offer only those. */
export function availableActions(actor: Actor | null, experience: ExperienceFacts): WorkflowAction[] {
	return (Object.keys(transitions) as WorkflowAction[]).filter((action) => {
		try {
			applyAction(actor, experience, action, 'reason');
			return true;
		} catch {
			return false;
		}
	});
}
