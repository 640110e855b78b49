import { readFileSync } from 'node:fs';

// Node's flags are chosen by benchmark (docs/OPERATIONS.md) and set in `start:prod`;
// the ecosystem files and the benchmark read them from there, but `npm start` and the
// Docker image spell them out again. A flag added to one and not the others would
// leave that way of running the API without it.
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const flagsOf = (words: string[]) => words.filter((word) => word.startsWith('--'));

const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
const production = flagsOf(scripts['start:prod'].split(/\s+/));

describe("node's flags", () => {
  it('are set in start:prod', () => {
    expect(production).toEqual(
      expect.arrayContaining(['--max-old-space-size=256', '--no-allocation-site-pretenuring']),
    );
  });

  it('are the same for npm start', () => {
    expect(flagsOf(scripts.start.split(/\s+/))).toEqual(production);
  });

  it("are the same in the Docker image's CMD", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(cmd).not.toBeNull();
    expect(flagsOf(JSON.parse(cmd![1]) as string[])).toEqual(production);
  });
});
