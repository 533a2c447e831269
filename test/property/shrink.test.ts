/**
 * The property test's failure path, shown on a deliberately broken invariant ("no key is ever
 * created"): a few short runs of the same arbitraries find a run that breaks it, fast-check
 * shrinks that run to the three lines it takes (start key_mgmt_util or the CLI, log in, create a key), the
 * report names the seed and path, and that seed and path replay the same counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../src/hsm/model';
import { failureReport, RunArbitrary, runSteps, step, type ExtraCheck, type Step } from './lines';

/** Broken on purpose: the scenario's keys are handles 6 to 11, any other key was created by a line. */
const noKeyCreated: ExtraCheck = (_t, shadow) => {
  for (const k of shadow.get('keys')!.values() as Iterable<KeyRecord>) {
    if (k.handle > 11) throw new Error(`key ${k.handle} was created`);
  }
};

const property = () => fc.asyncProperty(new RunArbitrary(step, 60), (steps) => runSteps(steps, { light: true, extraCheck: noKeyCreated }));

/** The lines the failing run typed, from the error runSteps threw. */
function typedLines(details: fc.RunDetails<[Step[]]>): string[] {
  const message = (details.errorInstance as Error).message;
  return message.slice(message.indexOf('lines typed in this run:\n')).split('\n').slice(1).filter((l) => l.trim() !== '');
}

describe('property test: shrinking and replay', () => {
  it('shrinks a run that breaks an invariant to the three lines it needs, and its seed and path replay it', async () => {
    const details = await fc.check(property(), { seed: 7, numRuns: 20 });
    expect(details.failed).toBe(true);
    expect(details.numShrinks).toBeGreaterThan(0);
    const [steps] = details.counterexample!;
    expect(steps).toHaveLength(3);
    const typed = typedLines(details);
    expect(typed).toHaveLength(3);
    // the three lines in key_mgmt_util or in the CloudHSM CLI, whichever console the run created a key in
    const kmu = /^ {4}0 \$ key_mgmt_util$/.test(typed[0]!);
    if (kmu) {
      expect(typed[1]).toMatch(/^ {4}1 Command: loginHSM -u CU -s \S+ -p \S+$/);
      expect(typed[2]).toMatch(/^ {4}2 Command: \w+/);
    } else {
      expect(typed[0]).toMatch(/^ {4}0 \$ cloudhsm-cli interactive$/);
      expect(typed[1]).toMatch(/^ {4}1 aws-cloudhsm > login --username \S+ --role crypto-user --password \S+$/);
      expect(typed[2]).toMatch(/^ {4}2 aws-cloudhsm > key (generate-symmetric|generate-asymmetric-pair|import|unwrap) /);
    }

    const report = failureReport(details, 'test/property/random-lines.test.ts');
    expect(report).toContain(`FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} npx vitest run`);
    expect(report).toContain(`seed: ${details.seed}, path: "${details.counterexamplePath}"`);
    expect(report).toMatch(kmu
      ? /Got error: line 2 \(kmu\): invariant broken after: \w+[^\n]*\n[^]*key \d+ was created\nlines typed in this run:\n {4}0 \$ key_mgmt_util\n/
      : /Got error: line 2 \(cli\): invariant broken after: key [^\n]*\n[^]*key \d+ was created\nlines typed in this run:\n {4}0 \$ cloudhsm-cli interactive\n/);

    const replay = await fc.check(property(), { seed: details.seed, path: details.counterexamplePath! });
    expect(replay.failed).toBe(true);
    expect(replay.counterexample).toEqual(details.counterexample);
    expect(typedLines(replay)).toEqual(typed);
  }, 120_000);
});
