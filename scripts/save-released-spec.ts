// Before publishing: saves the bundle being released as spec/released/openapi.json, the baseline the next
// `npm run check:breaking` compares against.
import { copyFileSync, readFileSync } from 'node:fs';

const { info } = JSON.parse(readFileSync('spec/dist/openapi.json', 'utf8')) as { info: { version: string } };
copyFileSync('spec/dist/openapi.json', 'spec/released/openapi.json');
console.log(
  `save-released-spec: spec/released/openapi.json is now the ${info.version} contract; commit it with the release.`,
);
