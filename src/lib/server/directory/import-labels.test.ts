import { describe, expect, it } from 'vitest';
import { labelImport } from './import-labels';

describe('labelImport', () => {
	const job = { type: 'expert' as const, fields: ['name', 'email', 'unmapped'], errors: [{ row: 3, field: 'name', messageKey: 'error_field_required' }] };

	it("names fields as the type's form does, in the reader's language, and keeps an unknown field's own name", () => {
		expect(labelImport(job, 'es').labels).toEqual({ name: 'Nombre completo', email: 'Correo electrónico', unmapped: 'unmapped' });
		expect(labelImport(job, 'en').labels.name).toBe('Full name');
	});

	it('words every row error in the language of the page', () => {
		expect(labelImport(job, 'en').errors).toEqual([{ row: 3, field: 'name', messageKey: 'error_field_required', message: 'Fill in this field.' }]);
	});
});
