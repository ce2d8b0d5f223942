// A session's user agent, summarised for its owner ("Firefox · Android"): enough to recognise a device, no more.

const browsers: [RegExp, string][] = [
	[/\bEdg(?:e|A|iOS)?\//, 'Edge'],
	[/\b(?:OPR|Opera)\//, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\b(?:Firefox|FxiOS)\//, 'Firefox'],
	[/\b(?:Chrome|CriOS|Chromium)\//, 'Chrome'],
	[/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
	[/\bcurl\//, 'curl']
];

const systems: [RegExp, string][] = [
	[/\bAndroid\b/, 'Android'],
	[/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
	[/\bWindows\b/, 'Windows'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
	[/\bLinux\b/, 'Linux']
];

/** "Browser · system" from a user agent, either part left out when unknown; null when nothing is recognised. */
export function describeUserAgent(userAgent: string | null | undefined): string | null {
	if (!userAgent) return null;
	const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
	const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
	const parts = [browser, system].filter(Boolean);
	return parts.length ? parts.join(' · ') : userAgent.slice(0, 60);
}
