// A minimal SMTP server on loopback that accepts every message and keeps it, for testing delivery.
import { createServer, type AddressInfo, type Server } from 'node:net';

export interface ReceivedMail {
	from: string;
	to: string[];
	data: string;
}

/** Starts the server on a free loopback port. */
export async function startFakeSmtp(): Promise<{ url: string; received: ReceivedMail[]; close: () => Promise<void> }> {
	const received: ReceivedMail[] = [];
	const server: Server = createServer((socket) => {
		let buffer = '';
		let inData = false;
		let current: ReceivedMail = { from: '', to: [], data: '' };
		socket.write('220 fake-smtp ready\r\n');
		socket.on('data', (chunk) => {
			buffer += chunk.toString('utf8');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end < 0) return;
					current.data = buffer.slice(0, end);
					buffer = buffer.slice(end + 5);
					received.push(current);
					current = { from: '', to: [], data: '' };
					inData = false;
					socket.write('250 OK queued\r\n');
					continue;
				}
				const newline = buffer.indexOf('\r\n');
				if (newline < 0) return;
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') socket.write('250-fake-smtp\r\n250 8BITMIME\r\n');
				else if (verb === 'MAIL') {
					current.from = line.slice(10).trim();
					socket.write('250 OK\r\n');
				} else if (verb === 'RCPT') {
					current.to.push(line.slice(8).trim());
					socket.write('250 OK\r\n');
				} else if (verb === 'DATA') {
					inData = true;
					socket.write('354 go ahead\r\n');
				} else if (verb === 'QUIT') {
					socket.end('221 bye\r\n');
					return;
				} else socket.write('250 OK\r\n');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
