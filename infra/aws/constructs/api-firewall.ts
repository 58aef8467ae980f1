import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { errorBody } from '../gateway-responses.js';
import { gatewayErrors } from '../../gateway-errors.js';

export interface ApiFirewallProps {
  /** ARN of the API Gateway stage to protect. */
  readonly stageArn: string;
  /** Requests one IP address may send in five minutes, on any route. */
  readonly requestsPerIpPer5Minutes: number;
  /** Public routes that write (method and path as the client sends it, stage included), held to a lower rate. */
  readonly publicWrites: readonly { method: string; path: string }[];
  readonly publicWritesPerIpPer5Minutes: number;
  /** Origin allowed to read the throttling answer (CORS). */
  readonly allowedOrigin: string;
}

const throttledBodyKey = 'throttled';

function visibility(metricName: string): CfnWebACL.VisibilityConfigProperty {
  return { metricName, cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true };
}

function exactly(field: CfnWebACL.FieldToMatchProperty, value: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: field,
      positionalConstraint: 'EXACTLY',
      searchString: value,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}

/**
 * The request path of a route, as API Gateway routes it: WAF sees the path as sent, so an exact
 * match would miss `/v1/referrals/` or `/v1/%72eferrals`, which reach the same method. Decoded and
 * normalized first, then matched with or without its trailing slash.
 */
function routePath(path: string): CfnWebACL.StatementProperty {
  return {
    regexMatchStatement: {
      fieldToMatch: { uriPath: {} },
      regexString: `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`,
      textTransformations: [
        { priority: 0, type: 'URL_DECODE' },
        { priority: 1, type: 'NORMALIZE_PATH' },
      ],
    },
  };
}

/**
 * A regional WAF web ACL on the API stage: per-IP rate limits (lower on the public routes that
 * write, which anyone may call) answering 429 in API.md's error shape, then AWS managed rules
 * against known bad inputs and addresses.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);

    const throttle: CfnWebACL.RuleActionProperty = {
      block: {
        customResponse: {
          responseCode: 429,
          customResponseBodyKey: throttledBodyKey,
          responseHeaders: [{ name: 'Access-Control-Allow-Origin', value: props.allowedOrigin }],
        },
      },
    };

    const rules: CfnWebACL.RuleProperty[] = props.publicWrites.map((route, index) => ({
      name: `PublicWriteRate${index}`,
      priority: index,
      action: throttle,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
          limit: props.publicWritesPerIpPer5Minutes,
          scopeDownStatement: {
            andStatement: {
              statements: [exactly({ method: {} }, route.method), routePath(route.path)],
            },
          },
        },
      },
      visibilityConfig: visibility(`PublicWriteRate${index}`),
    }));

    let priority = rules.length;
    rules.push({
      name: 'RateLimitPerIp',
      priority: priority++,
      action: throttle,
      statement: {
        rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: props.requestsPerIpPer5Minutes },
      },
      visibilityConfig: visibility('RateLimitPerIp'),
    });

    const managed = (name: string, ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[]): CfnWebACL.RuleProperty => ({
      name,
      priority: priority++,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: visibility(name),
    });
    rules.push(
      managed('AWSManagedRulesAmazonIpReputationList'),
      // The contract accepts bodies up to 64 KB and answers 413 itself; this group's 8 KB limit only counts.
      managed('AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
      managed('AWSManagedRulesKnownBadInputsRuleSet'),
    );

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      // CloudFormation allows neither accents nor apostrophes here.
      description: 'Pare-feu API ASLL: limites de debit par adresse IP, regles gerees AWS',
      defaultAction: { allow: {} },
      rules,
      customResponseBodies: {
        [throttledBodyKey]: {
          contentType: 'APPLICATION_JSON',
          content: errorBody(gatewayErrors.throttled.code, gatewayErrors.throttled.message),
        },
      },
      visibilityConfig: visibility('AsllApiWebAcl'),
    });

    new CfnWebACLAssociation(this, 'Association', { resourceArn: props.stageArn, webAclArn: this.webAcl.attrArn });
  }
}
