import { describe, expect, it } from 'vitest';
import { composeTaskEmail, emailSettingsLink, escapeHtml, longFrenchDate } from '../../lib/domain/task-email.js';
import { openTask } from '../support/tasks.js';

const lucie = { name: 'Lucie Martin', email: 'l.martin@udaf55.example.fr' };
const origin = 'https://asll.meuse.example.fr';

const three = [
  openTask({
    id: 'follow_up_due.m-3',
    kind: 'follow_up_due',
    title: 'Visite de suivi de la mesure ASLL-2025-000310 à faire',
    dueOn: '2026-04-10',
    measureId: 'm-3',
    reference: 'ASLL-2025-000310',
  }),
  openTask(),
  openTask({
    id: 'visit_cadence.m-2.2026-03',
    kind: 'visit_cadence',
    title: 'Une seule rencontre en mars 2026 pour la mesure ASLL-2026-000051',
    dueOn: '2026-04-01',
    measureId: 'm-2',
    reference: 'ASLL-2026-000051',
  }),
];

describe('the email of new tasks', () => {
  it('is addressed to the staff member and titled « 3 nouvelles tâches » for three tasks', () => {
    const email = composeTaskEmail(lucie, three, origin);
    expect(email.to).toBe('l.martin@udaf55.example.fr');
    expect(email.subject).toBe('3 nouvelles tâches');
    expect(email.text).toContain('3 nouvelles tâches vous attendent');
  });

  it('is titled « 1 nouvelle tâche » in the singular for one task', () => {
    const email = composeTaskEmail(lucie, [openTask()], origin);
    expect(email.subject).toBe('1 nouvelle tâche');
    expect(email.text).toContain('Une nouvelle tâche vous attend');
    expect(email.html).toContain('<h1 style="font-size:22px;margin:0 0 16px;color:#1a1a1a;">1 nouvelle tâche</h1>');
  });

  it('lists the tasks from the nearest due date to the furthest, in both bodies', () => {
    const email = composeTaskEmail(lucie, three, origin);
    const order = (body: string) =>
      ['ASLL-2026-000051', 'ASLL-2026-000042', 'ASLL-2025-000310'].map((reference) => body.indexOf(reference));
    for (const body of [email.text, email.html]) {
      const positions = order(body);
      expect(positions.every((position) => position >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });

  it('gives each task its title, its due date in French and a link to its measure', () => {
    const email = composeTaskEmail(lucie, three, origin);
    expect(email.text).toContain(
      '- Bilan de la mesure ASLL-2026-000042 à rendre au plus tard le 04/04/2026\n' +
        '  Échéance : samedi 4 avril 2026\n' +
        '  Dossier ASLL-2026-000042 : https://asll.meuse.example.fr/staff/#/mesures/m-1',
    );
    expect(email.html).toContain('<time datetime="2026-04-01">mercredi 1er avril 2026</time>');
    expect(email.html).toContain('<a href="https://asll.meuse.example.fr/staff/#/mesures/m-3"');
    expect(email.html).toContain('Ouvrir le dossier ASLL-2025-000310</a>');
  });

  it('links a referral’s task to the referral’s page, whatever the origin’s trailing slash', () => {
    const waiting = openTask({
      id: 'referral_waiting.r-9',
      kind: 'referral_waiting',
      title: 'Décision à prendre sur la demande ASLL-2026-000077',
      measureId: null,
      referralId: 'r-9',
      reference: 'ASLL-2026-000077',
      assignee: { group: 'manager' },
    });
    const email = composeTaskEmail({ name: 'Responsable', email: 'chef@udaf55.example.fr' }, [waiting], `${origin}/`);
    expect(email.text).toContain('https://asll.meuse.example.fr/staff/#/demandes/r-9\n');
    expect(email.html).toContain('href="https://asll.meuse.example.fr/staff/#/demandes/r-9"');
  });

  it('is an accessible page: French language, a heading, a table with column headers, no remote image', () => {
    const { html } = composeTaskEmail(lucie, three, origin);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html.match(/<th scope="col"/g)).toHaveLength(3);
    expect(html).toContain('<caption');
    expect(html).not.toMatch(/<img|url\(|<link|<script/i);
  });

  it('escapes every text it puts in the HTML, so a title or a name cannot inject markup', () => {
    const hostile = openTask({
      title: '<script>alert("x")</script> & <b>gras</b>',
      reference: 'ASLL-"><img src=x>',
      measureId: 'm"><a',
    });
    const { html, text } = composeTaskEmail({ name: '<i>Lucie</i> & Cie', email: lucie.email }, [hostile], origin);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>Lucie');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;');
    expect(html).toContain('Bonjour &lt;i&gt;Lucie&lt;/i&gt; &amp; Cie,');
    expect(html).toContain('href="https://asll.meuse.example.fr/staff/#/mesures/m%22%3E%3Ca"');
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('ends both bodies by saying where in the staff pages to stop these emails, with a link to that page', () => {
    const email = composeTaskEmail(lucie, three, `${origin}/`);
    const link = 'https://asll.meuse.example.fr/staff/#/courriels';
    expect(emailSettingsLink(origin)).toBe(link);
    expect(
      email.text.endsWith(
        'Merci de ne pas y répondre.\n' +
          `Pour ne plus recevoir ces courriels : page « Mes courriels » de l’espace du personnel, ${link}\n`,
      ),
    ).toBe(true);
    const lastParagraph = email.html.slice(email.html.lastIndexOf('<p'), email.html.indexOf('</main>'));
    expect(lastParagraph).toBe(
      '<p style="font-size:14px;color:#3d3d3d;">Pour ne plus recevoir ces courriels : ' +
        `<a href="${link}" style="color:#0b4f9c;text-decoration:underline;">page « Mes courriels » de l’espace du personnel</a>.</p>\n`,
    );
  });

  it('refuses to compose an email without any task', () => {
    expect(() => composeTaskEmail(lucie, [], origin)).toThrow(RangeError);
  });
});

describe('French dates and escaping', () => {
  it('writes a due date with its weekday, « 1er » for the first of the month', () => {
    expect(longFrenchDate('2026-04-04')).toBe('samedi 4 avril 2026');
    expect(longFrenchDate('2026-02-01')).toBe('dimanche 1er février 2026');
    expect(longFrenchDate('2028-02-29')).toBe('mardi 29 février 2028');
  });

  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
