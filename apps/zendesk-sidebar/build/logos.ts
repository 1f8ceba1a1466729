import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logoPng } from './png.js';

/**
 * Regenerates the committed logos: `npx tsx apps/zendesk-sidebar/build/logos.ts`.
 * Zendesk wants assets/logo.png at 320x320 and assets/logo-small.png at 128x128.
 */
const assets = join(import.meta.dirname, '..', 'assets');
writeFileSync(join(assets, 'logo.png'), logoPng(320));
writeFileSync(join(assets, 'logo-small.png'), logoPng(128));
console.log(`wrote ${join(assets, 'logo.png')} and logo-small.png`);
