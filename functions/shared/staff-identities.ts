import { getConfig, getIdentityConfig } from '../../lib/config.js';
import type { StaffMember } from '../../lib/domain/staff.js';
import { AwsJsonClient } from './aws-json.js';
import { CognitoStaffIdentities } from './cognito-staff-identities.js';

/**
 * Where staff sign in: the identity provider whose tokens the API accepts. `PUT /staff/{id}` keeps
 * its account in step with the directory. On AWS it is the Cognito user pool; the local runtime
 * provides its own (infra/local), so that neither `lib/` nor the handler knows where it runs.
 */
export interface StaffIdentities {
  /** Creates the member's account or brings it in line: its groups, and enabled exactly while active. */
  upsert(member: StaffMember): Promise<void>;
}

let identities: StaffIdentities | undefined;

/** The provider: the one the local runtime set, else the Cognito user pool named by USER_POOL_ID. */
export function getStaffIdentities(): StaffIdentities {
  if (!identities) {
    const { userPoolId } = getIdentityConfig();
    const client = new AwsJsonClient({
      protocol: 'awsJson1_1',
      service: 'cognito-idp',
      endpointPrefix: 'cognito-idp',
      region: getConfig().region,
    });
    identities = new CognitoStaffIdentities(client, userPoolId);
  }
  return identities;
}

/** Used by the local runtime only, before any handler runs: its own accounts instead of Cognito's. */
export function useStaffIdentities(provider: StaffIdentities): void {
  identities = provider;
}
