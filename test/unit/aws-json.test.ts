import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AwsJsonClient, AwsServiceError, type AwsJsonProtocol } from '../../functions/shared/aws-json.js';
import { cognitoOperations, cognitoTarget, type CognitoOperation } from '../../functions/shared/cognito-staff-identities.js';
import { SesMailer } from '../../functions/shared/ses-mailer.js';

/**
 * The functions call Cognito and SES with a small signed JSON client instead of the SDK's service
 * clients. These tests send the same operations through both to one local server and compare what
 * arrives: the request the service would receive, and how its answers and refusals are read.
 */

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const region = 'eu-west-3';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-example',
};
let server: Server;
let endpoint: string;
let received: Received[] = [];
/** The next answers, in order; then 200 `{}`. */
let answers: { status: number; headers?: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method!,
        path: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received = [];
  answers = [];
});

const ours = (protocol: AwsJsonProtocol, service: string) =>
  new AwsJsonClient({ protocol, service, endpointPrefix: service, region, endpoint, credentials });
const sdkOptions = () => ({ region, endpoint, credentials, maxAttempts: 1 });

/** What a service reads of a request: method, path, content type, target and the JSON body. */
const essentials = (request: Received) => ({
  method: request.method,
  path: request.path,
  contentType: request.headers['content-type'],
  target: request.headers['x-amz-target'],
  body: JSON.parse(request.body) as unknown,
});

/** For a call that must fail: its error. */
const unexpected = (): Error => {
  throw new Error('la requête devait être refusée');
};

/** The credential scope of a SigV4 Authorization header: date, region, service. */
const scope = (request: Received) =>
  /Credential=AKIDEXAMPLE\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(request.headers.authorization))?.slice(1);

/**
 * Signs what arrived again, at the instant it says it was signed: the same Authorization means the
 * service, which does exactly this, accepts it (nothing on the way changed a signed part).
 */
async function expectValidSignature(request: Received, service: string) {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  const headers = Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])]));
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const url = new URL(endpoint);
  const again = await new SignatureV4({ service, region, credentials, sha256: Sha256 }).sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: request.path,
      headers,
      body: request.body,
    }),
    { signingDate },
  );
  expect(again.headers.authorization).toBe(authorization);
  expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'content-type', 'x-amz-date', 'x-amz-security-token']));
}

describe('SESv2 SendEmail without the SDK client', () => {
  const input = {
    FromEmailAddress: 'ASLL <ne-pas-repondre@asll.meuse.example.fr>',
    Destination: { ToAddresses: ['l.martin@udaf55.example.fr'] },
    Content: {
      Simple: {
        Subject: { Data: '2 nouvelles tâches', Charset: 'UTF-8' },
        Body: { Text: { Data: 'Bonjour,\n« à faire »', Charset: 'UTF-8' }, Html: { Data: '<p>Bonjour</p>', Charset: 'UTF-8' } },
        Headers: [{ Name: 'X-ASLL-Idempotency-Key', Value: 'abc' }],
      },
    },
  };

  it('sends what the SDK’s client sends, signed for the ses service', async () => {
    await new SESv2Client(sdkOptions()).send(new SendEmailCommand(input));
    await ours('restJson1', 'ses').send({ path: '/v2/email/outbound-emails', body: input });
    expect(received).toHaveLength(2);
    expect(essentials(received[1]!)).toEqual(essentials(received[0]!));
    expect(scope(received[1]!)).toEqual(scope(received[0]!));
    expect(scope(received[1]!)).toEqual([region, 'ses']);
    await expectValidSignature(received[1]!, 'ses');
  });

  it('reads a refusal as the SDK does: its name and message', async () => {
    const refusal = {
      status: 400,
      headers: { 'x-amzn-ErrorType': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/' },
      body: '{"message":"Email address is not verified."}',
    };
    answers = [refusal, refusal];
    const sdkError = await new SESv2Client(sdkOptions())
      .send(new SendEmailCommand(input))
      .then(unexpected, (error: Error) => error);
    const ourError = await new SesMailer(ours('restJson1', 'ses'), input.FromEmailAddress)
      .send({ to: 'l.martin@udaf55.example.fr', subject: 's', text: 't', html: 'h' })
      .then(unexpected, (error: Error) => error);
    expect(ourError).toBeInstanceOf(AwsServiceError);
    expect({ name: ourError.name, message: ourError.message }).toEqual({ name: sdkError.name, message: sdkError.message });
    expect(ourError.name).toBe('MessageRejected');
  });
});

describe('Cognito user pool operations without the SDK client', () => {
  const account = { UserPoolId: 'eu-west-3_Example', Username: 'w-1' };
  const attributes = [
    { Name: 'email', Value: 'c.petit@udaf55.example.fr' },
    { Name: 'name', Value: 'Camille Petit' },
  ];
  const operations: [CognitoOperation, Record<string, unknown>, (input: never) => object][] = [
    ['AdminGetUser', account, (input) => new AdminGetUserCommand(input)],
    [
      'AdminCreateUser',
      { ...account, UserAttributes: attributes, DesiredDeliveryMediums: ['EMAIL'], MessageAction: 'SUPPRESS' },
      (input) => new AdminCreateUserCommand(input),
    ],
    [
      'AdminUpdateUserAttributes',
      { ...account, UserAttributes: attributes },
      (input) => new AdminUpdateUserAttributesCommand(input),
    ],
    ['AdminDisableUser', account, (input) => new AdminDisableUserCommand(input)],
    ['AdminEnableUser', account, (input) => new AdminEnableUserCommand(input)],
    ['AdminAddUserToGroup', { ...account, GroupName: 'worker' }, (input) => new AdminAddUserToGroupCommand(input)],
    ['AdminRemoveUserFromGroup', { ...account, GroupName: 'manager' }, (input) => new AdminRemoveUserFromGroupCommand(input)],
    ['AdminListGroupsForUser', { ...account, NextToken: 'page-2' }, (input) => new AdminListGroupsForUserCommand(input)],
  ];

  it('covers every operation the directory sends', () => {
    expect(operations.map(([operation]) => operation).sort()).toEqual([...cognitoOperations].sort());
  });

  it.each(operations)('%s: sends what the SDK’s client sends, signed for cognito-idp', async (operation, input, command) => {
    const sdk = new CognitoIdentityProviderClient(sdkOptions());
    await sdk.send(command(input as never) as Parameters<typeof sdk.send>[0]);
    await ours('awsJson1_1', 'cognito-idp').send({ path: '/', target: cognitoTarget(operation), body: input });
    expect(essentials(received[1]!)).toEqual(essentials(received[0]!));
    expect(scope(received[1]!)).toEqual([region, 'cognito-idp']);
    await expectValidSignature(received[1]!, 'cognito-idp');
  });

  it('reads an answer with the fields the directory uses, as the SDK does', async () => {
    const user = {
      Username: 'w-1',
      Enabled: false,
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      UserAttributes: attributes,
      UserCreateDate: 1767600000,
    };
    answers = [
      { status: 200, body: JSON.stringify(user) },
      { status: 200, body: JSON.stringify(user) },
    ];
    const sdkUser = await new CognitoIdentityProviderClient(sdkOptions()).send(new AdminGetUserCommand(account));
    const ourUser = (await ours('awsJson1_1', 'cognito-idp').send({
      path: '/',
      target: cognitoTarget('AdminGetUser'),
      body: account,
    })) as typeof user;
    const read = (answer: Partial<typeof user>) => ({
      Username: answer.Username,
      Enabled: answer.Enabled,
      UserStatus: answer.UserStatus,
      UserAttributes: answer.UserAttributes,
    });
    expect(read(ourUser)).toEqual(read(sdkUser as Partial<typeof user>));
  });

  it('reads a refusal’s name whether namespaced or not, as the SDK does', async () => {
    for (const type of ['UserNotFoundException', 'com.amazonaws.cognito.identity.idp.model#UsernameExistsException']) {
      const refusal = { status: 400, body: JSON.stringify({ __type: type, message: 'Refusé.' }) };
      answers = [refusal, refusal];
      const sdkError = await new CognitoIdentityProviderClient(sdkOptions())
        .send(new AdminGetUserCommand(account))
        .then(unexpected, (error: Error) => error);
      const ourError = await ours('awsJson1_1', 'cognito-idp')
        .send({ path: '/', target: cognitoTarget('AdminGetUser'), body: account })
        .then(unexpected, (error: Error) => error);
      expect({ name: ourError.name, message: ourError.message }).toEqual({ name: sdkError.name, message: sdkError.message });
    }
  });
});

describe('trying again', () => {
  const request = { path: '/', target: cognitoTarget('AdminGetUser'), body: { Username: 'w-1' } };

  it('tries again when throttled or unavailable, up to three attempts', async () => {
    answers = [
      { status: 400, body: '{"__type":"TooManyRequestsException","message":"Rate exceeded"}' },
      { status: 503, body: '' },
      { status: 200, body: '{"Username":"w-1"}' },
    ];
    await expect(ours('awsJson1_1', 'cognito-idp').send(request)).resolves.toEqual({ Username: 'w-1' });
    expect(received).toHaveLength(3);
  });

  it('gives up after the third attempt, with the service’s error', async () => {
    answers = [0, 1, 2, 3].map(() => ({ status: 500, body: '{"__type":"InternalErrorException","message":"Erreur interne."}' }));
    await expect(ours('awsJson1_1', 'cognito-idp').send(request)).rejects.toMatchObject({
      name: 'InternalErrorException',
      status: 500,
    });
    expect(received).toHaveLength(3);
  });

  it('does not try again a refusal that another attempt would not change', async () => {
    answers = [{ status: 400, body: '{"__type":"UserNotFoundException","message":"User does not exist."}' }];
    await expect(ours('awsJson1_1', 'cognito-idp').send(request)).rejects.toMatchObject({ name: 'UserNotFoundException' });
    expect(received).toHaveLength(1);
  });
});
