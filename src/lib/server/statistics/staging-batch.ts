// Observations on their way to the import's staging table, written as JSON text into one reused buffer as they are
// read: holding a batch as objects kept thousands of them alive across garbage collections, and a million rows of
// such survivors grew the server's heap by a hundred megabytes during a commit.
import type { ReadObservation } from './import-reader';

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

/** A batch of observations as one JSON array of rows `[indicator, level, territory, period, value, status, note]`. */
export class StagingBatch {
	private buffer = Buffer.allocUnsafe(1 << 20);
	private length = 1;
	/** Rows in the batch. */
	size = 0;

	constructor() {
		this.buffer[0] = OPEN;
	}

	/** Adds one observation. */
	add(observation: ReadObservation): void {
		const row = JSON.stringify([observation.indicatorCode, observation.level, observation.territoryId, observation.period, observation.value, observation.status, observation.note]);
		// Three bytes a character is UTF-8's worst case for text held in UTF-16; the comma and the closing bracket.
		const needed = this.length + row.length * 3 + 2;
		if (needed > this.buffer.length) {
			const bigger = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
			this.buffer.copy(bigger, 0, 0, this.length);
			this.buffer = bigger;
		}
		if (this.size > 0) this.buffer[this.length++] = COMMA;
		this.length += this.buffer.write(row, this.length);
		this.size++;
	}

	/** The batch as JSON text; the batch is empty afterwards. */
	take(): string {
		this.buffer[this.length] = CLOSE;
		const json = this.buffer.toString('utf8', 0, this.length + 1);
		this.length = 1;
		this.size = 0;
		return json;
	}
}
