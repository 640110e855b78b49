import { readFileSync } from 'node:fs';
import { declaredVariables } from './env.validation.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The variables named in the first column of README's configuration table. */
function readmeTable(): string[] {
  const section = read('README.md').split('## Configuration')[1].split('\n## ')[0];
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
}

describe('the configuration documents', () => {
  const variables = declaredVariables();

  it('find the variables the code validates', () => {
    expect(variables).toEqual(expect.arrayContaining(['THROTTLE_AUTH_LIMIT', 'REDIS_STATE_URL']));
  });

  it("README's table has a row for every variable the code reads, and no other", () => {
    expect([...readmeTable()].sort()).toEqual([...variables].sort());
  });

  it('.env.example lists every variable the code reads', () => {
    const example = read('.env.example');
    for (const name of variables) expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
