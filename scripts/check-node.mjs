#!/usr/bin/env node
// CI: the running Node satisfies package.json's `engines.node` (the README's claim), e.g.
// "^20.19.0 || >=22.12.0". Only the forms that range uses are understood: ^x.y.z and >=x.y.z
// joined by ||; anything else is an error, so the check cannot pass by not understanding.
import { readFileSync } from 'node:fs';

const parse = (v) => v.replace(/^v/, '').split('.').map(Number);
const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export function satisfies(version, range) {
  const v = parse(version);
  return range.split('||').some((part) => {
    const term = part.trim();
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(term);
    if (caret) {
      const min = parse(caret[1]);
      return v[0] === min[0] && compare(v, min) >= 0;
    }
    const atLeast = /^>=\s*(\d+\.\d+\.\d+)$/.exec(term);
    if (atLeast) return compare(v, parse(atLeast[1])) >= 0;
    throw new Error(`engines.node term "${term}" is not one this check understands`);
  });
}

const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
if (!satisfies(process.version, range)) {
  console.error(`Node ${process.version} does not satisfy engines.node "${range}"`);
  process.exit(1);
}
console.log(`Node ${process.version} satisfies engines.node "${range}"`);
