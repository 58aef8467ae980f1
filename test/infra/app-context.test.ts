import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyIds } from '../../lib/domain/policies.js';
import { buildAsll, type AsllApp } from './synth.js';

let dordogne: AsllApp;
let template: Template;
let jobsTemplate: Template;
beforeAll(() => {
  dordogne = buildAsll({ context: { asllPolicy: 'dordogne' } });
  template = Template.fromStack(dordogne.stacks.api);
  jobsTemplate = Template.fromStack(dordogne.stacks.jobs);
});
afterAll(() => dordogne.cleanUp());

describe('the department policy chosen as CDK context', () => {
  it('reaches every function, routes and jobs, as ASLL_POLICY', () => {
    const functions = [template, jobsTemplate].flatMap((stack) => Object.values(stack.findResources('AWS::Lambda::Function')));
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment).toMatchObject({ Variables: { ASLL_POLICY: 'dordogne' } });
    }
  });

  it('refuses an unknown policy before building anything, naming the accepted ones', () => {
    const attempt = () => buildAsll({ context: { asllPolicy: 'bretagne' } });
    expect(attempt).toThrow(/asllPolicy.*"bretagne"/);
    expect(attempt).toThrow(policyIds.join(', '));
  });

  it('refuses a policy that is not a string', () => {
    expect(() => buildAsll({ context: { asllPolicy: 55 } })).toThrow(/asllPolicy.*55/);
  });
});

describe('the statistics’ disclosure threshold chosen as CDK context', () => {
  it('reaches the functions as ASLL_STATS_THRESHOLD', () => {
    const built = buildAsll({ context: { asllStatsThreshold: '10' } });
    try {
      const functions = Object.values(Template.fromStack(built.stacks.api).findResources('AWS::Lambda::Function'));
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) expect(fn.Properties.Environment).toMatchObject({ Variables: { ASLL_STATS_THRESHOLD: '10' } });
    } finally {
      built.cleanUp();
    }
  });

  it('refuses a threshold that would hide nothing, or is not a whole number', () => {
    for (const value of [1, '1', 2.5, 'cinq', 101, '0x10', '1e1', '+10', '10.0'])
      expect(() => buildAsll({ context: { asllStatsThreshold: value } })).toThrow(/asllStatsThreshold/);
  });
});

describe('what the statistics show of a period under way, chosen as CDK context', () => {
  it('is provisional figures by default, and hidden until it ends with asllStatsOngoing=hidden', () => {
    for (const [context, expected] of [
      [{}, 'provisional'],
      [{ asllStatsOngoing: 'hidden' }, 'hidden'],
    ] as const) {
      const built = buildAsll({ context });
      try {
        const functions = Object.values(Template.fromStack(built.stacks.api).findResources('AWS::Lambda::Function'));
        const getStats = functions.filter((fn) => String(fn.Properties.Description).includes('GET /stats)'));
        expect(getStats).toHaveLength(1);
        expect(getStats[0]!.Properties.Environment).toMatchObject({ Variables: { ASLL_STATS_ONGOING: expected } });
      } finally {
        built.cleanUp();
      }
    }
  });

  it('refuses any other value, naming both', () => {
    expect(() => buildAsll({ context: { asllStatsOngoing: 'masque' } })).toThrow(
      /asllStatsOngoing.*"masque".*provisional.*hidden/,
    );
  });
});

describe('the sender of the emails chosen as CDK context', () => {
  it('is given to the job in the very spelling its SES permission allows, whatever the case it was written in', () => {
    // IAM compares ses:FromAddress case-sensitively: a MAIL_FROM in another case would have every email refused.
    const built = buildAsll({ context: { asllMailFrom: 'ASLL <Ne-Pas-Repondre@Departement.FR>' } });
    try {
      const jobs = Template.fromStack(built.stacks.jobs);
      const deadlines = Object.values(jobs.findResources('AWS::Lambda::Function')).filter(
        (fn) => (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.MAIL_FROM !== undefined,
      );
      expect(deadlines).toHaveLength(1);
      const mailFrom = String(deadlines[0]!.Properties.Environment.Variables.MAIL_FROM);
      expect(mailFrom).toBe('ASLL <ne-pas-repondre@departement.fr>');
      jobs.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'ses:SendEmail',
              Condition: { StringEquals: { 'ses:FromAddress': /<(.+)>$/.exec(mailFrom)![1] } },
            }),
          ]),
        },
      });
      jobs.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'departement.fr' });
    } finally {
      built.cleanUp();
    }
  });
});
