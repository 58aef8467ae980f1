import { Duration } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type IUserPool,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StaffSignInProps {
  readonly userPool: IUserPool;
  readonly domain: UserPoolDomain;
  /** `https://<distribution domain>`: the staff pages are at `<origin>/staff/`. */
  readonly siteOrigin: string;
  /** ID token lifetime (manifest): the local issuer mints with it and both sides refuse longer-lived tokens. */
  readonly idTokenValiditySeconds: number;
}

/** What the staff pages read in config.json to sign in (the local issuer publishes the same shape). */
export interface StaffAuthConfig {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly logoutUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
}

/**
 * The staff pages' sign-in on Cognito's managed login: a public app client (no secret: it lives in
 * a browser) for the authorization code grant, which the pages run with PKCE (S256) and `state`,
 * coming back to `<origin>/staff/`, and the managed login's pages for that client (Cognito's own
 * look, in French through `lang=fr`).
 */
export class StaffSignIn extends Construct {
  readonly client: UserPoolClient;
  readonly config: StaffAuthConfig;

  constructor(scope: Construct, id: string, props: StaffSignInProps) {
    super(scope, id);
    const redirectUri = `${props.siteOrigin}/staff/`;
    const scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      generateSecret: false,
      // Passwords and second factors are typed into the managed login only, never into the pages.
      authFlows: { user: false, userPassword: false, userSrp: false, custom: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes,
        callbackUrls: [redirectUri],
        logoutUrls: [redirectUri],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.seconds(props.idTokenValiditySeconds),
      accessTokenValidity: Duration.hours(1),
      // A working day: past it, the person signs in again.
      refreshTokenValidity: Duration.hours(12),
    });
    new CfnManagedLoginBranding(this, 'ManagedLogin', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    const base = props.domain.baseUrl();
    this.config = {
      authorizeUrl: `${base}/oauth2/authorize`,
      tokenUrl: `${base}/oauth2/token`,
      revokeUrl: `${base}/oauth2/revoke`,
      logoutUrl: `${base}/logout`,
      clientId: this.client.userPoolClientId,
      redirectUri,
      scopes: scopes.map((scope) => scope.scopeName),
    };
  }
}
