// Rewrites the settings table in docs/configuration.md from server/config.ts (npm run docs:settings).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { settings } from '../server/config.ts';

const file = path.resolve(import.meta.dirname, '../docs/configuration.md');
const start = '<!-- settings:start -->';
const end = '<!-- settings:end -->';
const escapePipes = (text: string) => text.replace(/\|/g, '\\|');
const table = [
  '| Setting | Default | Meaning |',
  '| --- | --- | --- |',
  ...settings.map((s) => `| \`${s.name}\` | ${escapePipes(s.default)} | ${escapePipes(s.description)} |`),
].join('\n');
const docs = readFileSync(file, 'utf8');
const before = docs.slice(0, docs.indexOf(start) + start.length);
const after = docs.slice(docs.indexOf(end));
if (docs.indexOf(start) < 0 || docs.indexOf(end) < 0)
  throw new Error(`markers ${start} … ${end} missing in ${file}`);
writeFileSync(file, `${before}\n${table}\n${after}`);
