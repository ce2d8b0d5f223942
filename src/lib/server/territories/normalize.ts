/** Lower-cases, strips accents and folds punctuation to spaces: "São Paulo" → "sao paulo". */
export function normalizeSearchText(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}
