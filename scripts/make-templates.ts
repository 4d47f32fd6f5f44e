/**
 * Writes the import templates a coordinator downloads:
 * `npx tsx scripts/make-templates.ts` -> resources/templates/*.xlsx
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_FILE_NAMES, buildTemplate } from '../src/import/templates';
import type { ImportKindId } from '../src/import/importKinds';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'templates');
await mkdir(outDir, { recursive: true });
for (const kind of Object.keys(TEMPLATE_FILE_NAMES) as ImportKindId[]) {
  const file = path.join(outDir, TEMPLATE_FILE_NAMES[kind]);
  await writeFile(file, buildTemplate(kind));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
