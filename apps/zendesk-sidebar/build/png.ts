import { crc32, deflateSync } from 'node:zlib';

/** A minimal PNG writer (RGBA, 8 bits, no interlace) and header reader: enough for app logos. */
type Pixel = readonly [number, number, number, number];

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Pixel): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit depth, RGBA, deflate, adaptive filtering, no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1); // each row starts with filter type 0 (none)
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height from the IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return null;
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The casebridge mark: a bridge arch over two piers, white on Zendesk's dark teal, rounded corners. */
export function logoPng(size: number): Buffer {
  const teal: Pixel = [3, 54, 61, 255];
  const white: Pixel = [255, 255, 255, 255];
  const clear: Pixel = [0, 0, 0, 0];
  const r = size * 0.18;
  return encodePng(size, size, (x, y) => {
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return clear;
    const u = x / size;
    const v = y / size;
    const arch = Math.hypot(u - 0.5, v - 0.72);
    const deck = v > 0.44 && v < 0.5 && u > 0.14 && u < 0.86;
    const pier = v > 0.44 && v < 0.8 && ((u > 0.2 && u < 0.27) || (u > 0.73 && u < 0.8));
    const curve = arch > 0.3 && arch < 0.35 && v < 0.72;
    return deck || pier || curve ? white : teal;
  });
}
