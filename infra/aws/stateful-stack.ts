import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { Group } from '../../lib/identity.js';
import type { manifest } from '../manifest.js';
import type { TableHandle } from './constructs/asll-function.js';

export interface StatefulStackProps extends StackProps {
  readonly table: (typeof manifest)['table'];
  readonly groups: readonly Group[];
  /**
   * The prefix of the managed login's address, `https://<prefix>.auth.<region>.amazoncognito.com`:
   * unique in its region across AWS (sign-in-context.ts).
   */
  readonly signInDomainPrefix: string;
}

/** What a person reads next to a group in the Cognito console. */
const groupDescriptions: Record<Group, string> = {
  worker: 'Travailleurs sociaux : leurs mesures, visites, bilans et tâches',
  manager: 'Encadrement : décide des demandes et voit toutes les mesures',
  analyst: 'Statistiques PDALPD agrégées, sans donnée personnelle',
  admin: 'Administration du service',
};

/**
 * What must outlive any deployment: the table, its key and the user directory. Kept apart so that
 * the API and the web stacks can be replaced freely; every resource here is retained and
 * protected against deletion, and has a generated name.
 */
export class StatefulStack extends Stack {
  readonly tableHandle: TableHandle;
  readonly table: Table;
  readonly tableKey: Key;
  readonly userPool: UserPool;
  /** Where staff sign in: Cognito's managed login, in French (the pages add `lang=fr`). */
  readonly signInDomain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const definition = props.table;

    this.tableKey = new Key(this, 'TableKey', {
      description: 'Chiffrement de la table ASLL (données personnelles des ménages accompagnés)',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new Table(this, 'Table', {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      deletionProtection: true,
      stream: StreamViewType[definition.stream],
      timeToLiveAttribute: definition.timeToLiveAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }
    this.tableHandle = {
      table: this.table,
      indexNames: definition.globalSecondaryIndexes.map((index) => index.indexName),
    };

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are opened by the department, never by their holders.
      selfSignUpEnabled: false,
      // A username the department chooses (the staff id, which the API reads in `cognito:username`:
      // Cognito generates `sub` itself), and the e-mail address as an alias to sign in with.
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff see households' personal data: a second factor, by an authenticator app (no SMS cost, no SIM swap).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Votre accès au service ASLL',
        emailBody:
          'Bonjour,<br>un compte a été ouvert pour vous sur le service ASLL.<br>Identifiant : {username}<br>' +
          'Mot de passe provisoire : {####}<br>Il vous sera demandé de le changer et de configurer une application ' +
          'd’authentification lors de votre première connexion.',
      },
      userVerification: {
        emailSubject: 'Vérification de votre adresse ASLL',
        emailBody: 'Votre code de vérification pour le service ASLL : {####}',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of props.groups) {
      // The authorizer hands a user's groups to the functions joined by commas: a name holding one would read as two.
      if (!/^[a-z]+$/.test(group)) throw new Error(`Nom de groupe inutilisable (lettres minuscules seulement) : ${group}`);
      this.userPool.addGroup(`Group-${group}`, { groupName: group, description: groupDescriptions[group] });
    }

    // The domain, not the client: the client needs the pages' address (web stack), the domain only the pool.
    // Kept with the pool, so that the prefix is never given up while the directory lives.
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Table DynamoDB unique' });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Annuaire Cognito des agents' });
    new CfnOutput(this, 'SignInUrl', { value: this.signInDomain.baseUrl(), description: 'Connexion du personnel (Cognito)' });
  }
}
