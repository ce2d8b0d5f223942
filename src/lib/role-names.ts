import { m } from '$lib/paraglide/messages';

const roleNames: Record<string, () => string> = {
	admin: m.role_admin,
	secretariat: m.role_secretariat,
	council_member: m.role_council_member,
	reviewer: m.role_reviewer,
	municipal_official: m.role_municipal_official,
	expert: m.role_expert,
	statistics_editor: m.role_statistics_editor,
	member: m.role_member
};

const subRoleNames: Record<string, () => string> = {
	executive_secretary: m.subrole_executive_secretary,
	programme_secretary: m.subrole_programme_secretary,
	finance_secretary: m.subrole_finance_secretary,
	line_director: m.subrole_line_director
};

/** The translated name of a role. */
export function roleName(role: string): string {
	return roleNames[role]?.() ?? role;
}

/** The translated name of a secretariat position. */
export function subRoleName(subRole: string): string {
	return subRoleNames[subRole]?.() ?? subRole;
}
