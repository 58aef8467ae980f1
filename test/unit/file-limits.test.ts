import { describe, expect, it } from 'vitest';
import {
  answerBytes,
  closingReserveBytes,
  fileBudgetBytes,
  headBudgetBytes,
  headClosingReserveBytes,
  refuseOversizedFile,
  refuseOversizedHead,
} from '../../lib/domain/file-limits.js';
import { refusal } from '../support/measures.js';

/** A file whose answer takes exactly `bytes` in Lambda's envelope. */
const fileOf = (bytes: number) => ({ notes: 'x'.repeat(bytes - answerBytes({ notes: '' })) });

describe('the size of a measure file', () => {
  it('counts what Lambda’s envelope carries: UTF-8 bytes, and one more for each quote or backslash of the JSON', () => {
    expect(answerBytes({ notes: '€' })).toBe(Buffer.byteLength('"{\\"notes\\":\\"€\\"}"'));
    expect(answerBytes({ notes: '€' })).toBe(21);
    expect(answerBytes({ notes: '"' })).toBe(answerBytes({ notes: 'x' }) + 3);
  });

  it('takes a new record up to 4.5 MB, and the steps that end a measure up to 5 MB', () => {
    const recordLimit = fileBudgetBytes - closingReserveBytes;
    expect(() => refuseOversizedFile(fileOf(recordLimit), true)).not.toThrow();
    expect(() => refuseOversizedFile(fileOf(fileBudgetBytes), false)).not.toThrow();
    const record = refusal(() => refuseOversizedFile(fileOf(recordLimit + 1), true));
    expect(record.statusCode).toBe(422);
    expect(record.message).toBe(
      'Le dossier de cette mesure est plein : cet enregistrement lui ferait dépasser 4,5 Mo, la taille au-delà de laquelle ' +
        'il ne pourrait bientôt plus s’ouvrir. Rien n’a été enregistré. Raccourcissez les notes, ou demandez à un cadre : ' +
        'la mesure peut toujours être clôturée, et l’accompagnement poursuivi dans une nouvelle mesure.',
    );
    expect(refusal(() => refuseOversizedFile(fileOf(fileBudgetBytes + 1), false)).message).toContain('lui ferait dépasser 5 Mo,');
  });

  it('keeps a head (all but the visits) under 300 KB of JSON, with 30 KB kept for the closure and the follow-up', () => {
    const headOf = (bytes: number) => ({ notes: 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify({ notes: '' }))) });
    const addLimit = headBudgetBytes - headClosingReserveBytes;
    expect(() => refuseOversizedHead(headOf(addLimit), true)).not.toThrow();
    expect(() => refuseOversizedHead(headOf(headBudgetBytes), false)).not.toThrow();
    const full = refusal(() => refuseOversizedHead(headOf(addLimit + 1), true));
    expect(full.statusCode).toBe(422);
    expect(full.message).toMatch(/^Le dossier de cette mesure est plein : ses bilans et renouvellements/);
    expect(() => refuseOversizedHead(headOf(headBudgetBytes + 1), false)).toThrow(/plein/);
  });
});
