import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';

/** Resolves with the error code of a TCP connection to `host:port`, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('DynamoDB Local, as npm start and the tests start it', () => {
  const endpoint = new URL(inject('dynamodbEndpoint'));
  const port = Number(endpoint.port);

  it('answers on 127.0.0.1', async () => {
    const answer = await fetch(endpoint);
    await answer.body?.cancel();
    expect(answer.headers.has('x-amzn-requestid')).toBe(true);
  });

  // Linux routes the whole of 127.0.0.0/8 to the loopback interface: a server bound to every
  // interface (0.0.0.0) accepts 127.0.0.2, one bound to 127.0.0.1 alone refuses it. Refused here
  // means no other address of the machine (its network cards included) reaches the database.
  it('refuses every other address of the machine', async () => {
    expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED');
  });
});
