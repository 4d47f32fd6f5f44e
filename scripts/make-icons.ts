/**
 * Rasterises the one icon source, resources/icon.svg, into what each platform's installer needs:
 * `npx tsx scripts/make-icons.ts` ->
 *   resources/icons/<n>x<n>.png  Linux (AppImage, .deb) and the window icon, 16 to 1024
 *   resources/icon.ico           Windows (NSIS, the .exe): 16, 24, 32, 48, 64, 128, 256
 *   resources/icon.icns          macOS (.dmg, the .app): 16 to 1024, with the @2x variants
 * Chromium (Playwright's, or /usr/bin/chromium) draws the SVG, so no rasteriser is added to the
 * project's dependencies; ICO and ICNS both hold PNGs, written here as their headers ask.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const resources = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources');
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding a PNG, by pixel size (Apple's "icp4" ... "ic10"; ic11-ic14 are @2x). */
const ICNS_TYPES: ReadonlyArray<[string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

async function rasterise(svg: string, sizes: readonly number[]): Promise<Map<number, Buffer>> {
  const system = '/usr/bin/chromium';
  const browser = await chromium.launch(existsSync(system) ? { executablePath: system } : {});
  try {
    const page = await browser.newPage();
    const pngs = new Map<number, Buffer>();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      const data = Buffer.from(svg).toString('base64');
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img width="${size}" height="${size}" style="display:block" src="data:image/svg+xml;base64,${data}"></body></html>`,
      );
      // Node's types (this script's tsconfig) know no DOM: the element is only handed back to the page
      await page.locator('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
      pngs.set(
        size,
        await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }),
      );
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

function ico(pngs: Map<number, Buffer>): Buffer {
  const images = ICO_SIZES.map((size) => [size, pngs.get(size) as Buffer] as const);
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(([size, png], index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(([, png]) => png)]);
}

function icns(pngs: Map<number, Buffer>): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size) as Buffer;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const svg = await readFile(path.join(resources, 'icon.svg'), 'utf8');
const pngs = await rasterise(svg, PNG_SIZES);
await mkdir(path.join(resources, 'icons'), { recursive: true });
for (const [size, png] of pngs) await writeFile(path.join(resources, 'icons', `${size}x${size}.png`), png);
await writeFile(path.join(resources, 'icon.ico'), ico(pngs));
await writeFile(path.join(resources, 'icon.icns'), icns(pngs));
console.log(`wrote resources/icons/*.png (${PNG_SIZES.join(', ')}), resources/icon.ico, resources/icon.icns`);
