import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A WebSocket server standing in for Slack's Socket Mode endpoint (the URL `apps.connections.open`
 * hands out). No WebSocket server package is installed (socket-mode 3 connects with undici's
 * client), so this is RFC 6455 by hand: the handshake, unfragmented text frames, ping → pong and
 * the close handshake — all the Socket Mode client uses.
 */
export async function startFakeSocketMode() {
  const received: Record<string, unknown>[] = [];
  let socket: Duplex | undefined;
  let connected: () => void = () => undefined;
  const connection = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const server: Server = createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, conn) => {
    const key = String(req.headers['sec-websocket-key']);
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    conn.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket = conn;
    let buffer = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let frame = readFrame(buffer); frame !== null; frame = readFrame(buffer)) {
        buffer = buffer.subarray(frame.size);
        if (frame.opcode === 0x1)
          received.push(JSON.parse(frame.payload.toString()) as Record<string, unknown>);
        else if (frame.opcode === 0x9) conn.write(encodeFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) conn.end(encodeFrame(0x8, frame.payload));
      }
    });
    conn.on('error', () => undefined);
    // Slack's first message on a new connection: the client counts as connected from here.
    conn.write(encodeFrame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }))));
    connected();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link`,
    connection,
    received,
    /** Sends an envelope as Slack does (`{envelope_id, type, payload, accepts_response_payload}`). */
    send(envelope: Record<string, unknown>) {
      if (socket === undefined) throw new Error('no Socket Mode client connected');
      socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify(envelope))));
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket?.destroy();
        server.close(() => resolve());
      }),
  };
}

function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
  return Buffer.concat([head, payload]);
}

function bigLength(length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(length));
  return out;
}

/** One client frame (always masked), or null while it is incomplete. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null;
  const opcode = (buffer[0] ?? 0) & 0x0f;
  let length = (buffer[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = ((buffer[1] ?? 0) & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (buffer.length < offset + length) return null;
  const payload = Buffer.from(buffer.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i += 1)
      payload[i] = (payload[i] ?? 0) ^ (buffer[maskAt + (i % 4)] ?? 0);
  return { opcode, payload, size: offset + length };
}
