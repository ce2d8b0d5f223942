// The code of the worker thread that owns the embedded database (decision 0018). It is a string run with
// `new Worker(source, { eval: true })` rather than a file because the SvelteKit build bundles the server into chunks
// and would not ship a separate worker file; the worker imports PGlite by the absolute URL the main thread resolved.
//
// What it does: opens PGlite (the data directory, or memory), listens on a unix socket in a private folder and relays
// the PostgreSQL wire protocol of ONE connection to PGlite's execProtocolRawStream, one message at a time. PGlite is
// one session: a second connection could interleave its statements with the first's transaction, so it is refused
// with SQLSTATE 53300 (the app's pool holds exactly one connection). When that connection goes, an open transaction
// is rolled back and the session reset, so the next connection starts clean. Messages from the main thread: `dump`
// (the data directory as a tarball) and `close` (stop listening, close PGlite so its files are complete).
export const pgliteWorkerSource = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

function errorResponse(code, message) {
	const fields = Buffer.concat(['SFATAL', 'VFATAL', 'C' + code, 'M' + message].map((field) => Buffer.from(field + '\0', 'utf8')));
	const head = Buffer.alloc(5);
	head.write('E', 0);
	head.writeInt32BE(4 + fields.length + 1, 1);
	return Buffer.concat([head, fields, Buffer.from([0])]);
}

// Complete messages at the start of buffer: startup-type ones (no type byte) only before the first typed message.
function takeMessage(state) {
	const buffer = state.buffer;
	if (!state.started) {
		if (buffer.length < 8) return null;
		const length = buffer.readInt32BE(0);
		if (buffer.length < length) return null;
		const code = buffer.readInt32BE(4);
		state.buffer = buffer.subarray(length);
		if (code === PROTOCOL_3) state.started = true;
		return { kind: code === SSL_REQUEST ? 'ssl' : code === CANCEL_REQUEST ? 'cancel' : 'startup', bytes: buffer.subarray(0, length) };
	}
	if (buffer.length < 5) return null;
	const length = 1 + buffer.readInt32BE(1);
	if (buffer.length < length) return null;
	state.buffer = buffer.subarray(length);
	return { kind: String.fromCharCode(buffer[0]), bytes: buffer.subarray(0, length) };
}

async function main() {
	const { PGlite } = await import(workerData.pgliteUrl);
	const { pg_trgm } = await import(workerData.pgTrgmUrl);
	const options = { extensions: { pg_trgm } };
	if (workerData.dataDir) options.dataDir = workerData.dataDir;
	if (workerData.loadFrom) options.loadDataDir = new Blob([workerData.loadFrom], { type: 'application/gzip' });
	const db = await PGlite.create(options);
	let active = null;
	// Every call into PGlite runs on this chain: relayed messages, the reset after a disconnect, a dump, the close.
	let chain = Promise.resolve();
	const serially = (work) => (chain = chain.then(work, work));

	const server = net.createServer((socket) => {
		// A connection whose socket is already gone is being reset on the chain, ahead of the new one's messages.
		if (active && !active.destroyed) {
			socket.end(errorResponse('53300', 'the embedded database accepts one connection (the application pool)'));
			return;
		}
		active = socket;
		const state = { buffer: Buffer.alloc(0), started: false };
		socket.setNoDelay(true);
		socket.on('data', (data) => {
			state.buffer = state.buffer.length ? Buffer.concat([state.buffer, data]) : data;
			for (let message = takeMessage(state); message; message = takeMessage(state)) {
				const { kind, bytes } = message;
				if (kind === 'ssl') socket.write('N');
				else if (kind === 'cancel') socket.end();
				else if (kind === 'X') socket.end();
				else {
					const copy = new Uint8Array(bytes);
					void serially(() =>
						db.execProtocolRawStream(copy, { onRawData: (chunk) => socket.writable && socket.write(Buffer.from(chunk)) })
					).catch((error) => socket.destroy(error));
				}
			}
		});
		socket.on('error', () => undefined);
		socket.on('close', () => {
			void serially(async () => {
				if (db.closed) return;
				if (db.isInTransaction()) await db.exec('rollback');
				await db.exec('discard all');
			})
				.catch(() => undefined)
				.finally(() => {
					if (active === socket) active = null;
				});
		});
	});
	server.on('error', (error) => parentPort.postMessage({ type: 'error', message: error.stack || String(error) }));
	server.listen(workerData.socketPath, () => parentPort.postMessage({ type: 'ready' }));

	parentPort.on('message', (message) => {
		if (message.type === 'dump') {
			void serially(async () => {
				const blob = await db.dumpDataDir(message.compression);
				const bytes = await blob.arrayBuffer();
				parentPort.postMessage({ type: 'dump', id: message.id, bytes }, [bytes]);
			}).catch((error) => parentPort.postMessage({ type: 'dump', id: message.id, error: String(error) }));
		} else if (message.type === 'close') {
			server.close();
			active?.destroy();
			void serially(() => db.close()).then(
				() => parentPort.postMessage({ type: 'closed' }),
				(error) => parentPort.postMessage({ type: 'closed', error: String(error) })
			);
		}
	});
}

main().catch((error) => parentPort.postMessage({ type: 'error', message: error.stack || String(error) }));
`;
