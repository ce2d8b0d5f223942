// What the public sees changed (issue 13 finding 13). Each server keeps a short-lived cache of anonymous answers
// (hooks.server.ts); a record unpublished or moderated on one server stayed in every server's cache for up to a
// minute. A change is announced once it is committed: this server purges at once, and on PostgreSQL a NOTIFY reaches
// every other server's listener, which purges too. A server whose listener is down stores nothing in its cache, so
// it can never keep what it was not told to forget.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb, getOpenDatabase } from '../db';
import { logger } from '../logger';

export const publicChangeChannel = 'cabildo_public_change';
const serverId = randomUUID();
const purgers = new Set<() => void>();
let generation = 0;
let sharing = true;

/** Registers what to forget when public content changes (the response cache); returns how to unregister. */
export function onPublicChange(purge: () => void): () => void {
	purgers.add(purge);
	return () => purgers.delete(purge);
}

/** Forgets here, and counts the change so that an answer rendered before it is not stored after it. */
export function purgeHere(): void {
	generation++;
	for (const purge of purgers) purge();
}

/** How many changes this server has been told of; an answer is stored only if this did not move while it rendered. */
export function publicChangeGeneration(): number {
	return generation;
}

/** Whether anonymous answers may be stored now (not while a PostgreSQL listener is down). */
export function canSharePublicAnswers(): boolean {
	return sharing;
}

/**
 * Announces a committed change of what anonymous visitors see: a publication, moderation, edit, import or deletion.
 * Call it after the transaction, never inside one. Purges this server at once and, on PostgreSQL, every other.
 */
export async function announcePublicChange(reason: string): Promise<void> {
	purgeHere();
	if (getOpenDatabase()?.kind !== 'postgres') return;
	try {
		await getDb().execute(sql`select pg_notify(${publicChangeChannel}, ${`${serverId}:${reason}`})`);
	} catch (error) {
		// The change is committed; the other servers' caches expire within their max-age anyway.
		logger.warn({ err: error, reason }, 'public change not announced to the other servers');
	}
}

interface ListenerClient {
	connect(): Promise<unknown>;
	query(text: string): Promise<unknown>;
	on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
	on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
	end(): Promise<void>;
}

/**
 * One server's LISTEN on PostgreSQL, on a connection of its own, reconnecting with a growing pause (1 s … 30 s).
 * While it is not listening it purges once and stops sharing, so a change it might miss cannot be served stale.
 */
export class PublicChangeListener {
	private client: ListenerClient | undefined;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private failures = 0;

	constructor(
		private readonly url: string,
		/** Called with the announcement (`server:reason`), or without one when the connection is lost. */
		private readonly onChange: (announcement?: string) => void = purgeHere,
		private readonly setSharing: (sharing: boolean) => void = (value) => (sharing = value)
	) {}

	async start(): Promise<void> {
		this.stopped = false;
		await this.connect();
	}

	private async connect(): Promise<void> {
		const { Client } = await import('pg');
		const client = new Client({ connectionString: this.url }) as unknown as ListenerClient;
		this.client = client;
		client.on('notification', (message) => {
			if (message.channel === publicChangeChannel) this.onChange(message.payload);
		});
		client.on('error', () => this.lost(client));
		client.on('end', () => this.lost(client));
		try {
			await client.connect();
			await client.query(`listen ${publicChangeChannel}`);
			this.failures = 0;
			this.setSharing(true);
		} catch (error) {
			logger.warn({ err: error }, 'public change listener could not connect');
			this.lost(client);
		}
	}

	private lost(client: ListenerClient): void {
		if (this.client !== client) return;
		this.client = undefined;
		this.setSharing(false);
		this.onChange();
		client.end().catch(() => undefined);
		if (this.stopped) return;
		const pause = Math.min(1000 * 2 ** this.failures++, 30_000);
		this.timer = setTimeout(() => void this.connect().catch(() => undefined), pause);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		const client = this.client;
		this.client = undefined;
		await client?.end().catch(() => undefined);
	}
}
