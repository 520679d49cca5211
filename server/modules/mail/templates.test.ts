import { describe, expect, it } from 'vitest';
import {
  assertEmailParams,
  EMAIL_TEMPLATE_NAMES,
  type EmailParams,
  InvalidEmailError,
  renderEmail,
} from './templates.ts';

const publicUrl = 'https://tma.example.com/app';

describe('e-mail templates', () => {
  it('tells a threat manager of a new report, in German and English, with only the unit and a link', () => {
    const params: EmailParams<'report.received'> = { unitName: 'Deutschland', path: '/inbox' };
    const de = renderEmail('report.received', 'de', params, { publicUrl });
    expect(de.subject).toBe('Neue Meldung für Deutschland');
    expect(de.text).toContain('in TMA ist eine neue Meldung für die Einheit Deutschland eingegangen.');
    expect(de.text).toContain('Öffnen Sie Ihren Posteingang: https://tma.example.com/app/inbox');
    expect(de.html).toContain('<html lang="de">');
    expect(de.html).toContain('<a href="https://tma.example.com/app/inbox">Posteingang öffnen</a>');
    expect(de.priority).toBe('normal');

    const en = renderEmail('report.received', 'en', params, { publicUrl });
    expect(en.subject).toBe('New report for Deutschland');
    expect(en.text).toContain('A new report has arrived in TMA for the unit Deutschland.');
    expect(en.text).toContain('Open your inbox: https://tma.example.com/app/inbox');
    expect(en.text).toContain('it contains no case content');
  });

  it('marks a report indicating immediate danger urgent', () => {
    const params = { unitName: 'France', path: '/inbox' };
    const en = renderEmail('report.danger', 'en', params, { publicUrl });
    expect(en.subject).toBe('URGENT: New report indicating immediate danger (France)');
    expect(en.text).toContain('It indicates immediate danger.');
    expect(en.priority).toBe('high');
    const de = renderEmail('report.danger', 'de', params, { publicUrl });
    expect(de.subject).toBe('DRINGEND: Neue Meldung mit Hinweis auf akute Gefahr (France)');
    expect(de.text).toContain('die auf eine akute Gefahr hinweist');
    expect(de.priority).toBe('high');
  });

  it('tells a reporter that a reply waits, without saying so in the subject', () => {
    const en = renderEmail('report.reply_waiting', 'en', { path: '/report/acme' }, { publicUrl });
    expect(en.subject).toBe('A new message is waiting for you');
    expect(en.text).toContain('The threat management team has replied to your report.');
    expect(en.text).toContain(
      'Log in with your receipt at https://tma.example.com/app/report/acme to read it.',
    );
    const de = renderEmail('report.reply_waiting', 'de', { path: '/report/acme' }, { publicUrl });
    expect(de.subject).toBe('Eine neue Nachricht wartet auf Sie');
    expect(de.text).toContain('das Team für Bedrohungsmanagement hat auf Ihre Meldung geantwortet.');
    expect(de.text).toContain('unter https://tma.example.com/app/report/acme mit der Quittung an');
  });

  it('escapes params in the HTML part', () => {
    const html = renderEmail(
      'report.received',
      'en',
      { unitName: 'R&D <script>alert(1)</script>', path: '/inbox?a="b"' },
      { publicUrl },
    ).html;
    expect(html).toContain('R&amp;D &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('href="https://tma.example.com/app/inbox?a=&quot;b&quot;"');
    expect(html).not.toContain('<script>');
  });

  it('accepts only the declared params, so nothing confidential can reach an e-mail', () => {
    const confidential = 'The person of concern said he would bring a weapon';
    expect(() =>
      assertEmailParams('report.received', { unitName: 'DE', path: '/inbox', narrative: confidential }),
    ).toThrow(InvalidEmailError);
    expect(() => assertEmailParams('report.reply_waiting', { path: '/r', receipt: 'K7Q2-…' })).toThrow(
      /params of e-mail template report.reply_waiting are not valid/,
    );
    expect(() => assertEmailParams('report.received', { unitName: 'DE' })).toThrow(InvalidEmailError);
    expect(() => assertEmailParams('report.received', { unitName: 'DE', path: 42 })).toThrow(
      InvalidEmailError,
    );
    expect(() => assertEmailParams('report.content', {})).toThrow(/unknown e-mail template "report.content"/);
    expect(() =>
      renderEmail('report.received', 'fr' as 'de', { unitName: 'DE', path: '/' }, { publicUrl }),
    ).toThrow(/unknown e-mail locale/);
    // The type checker refuses them too.
    const typed: EmailParams<'report.reply_waiting'> = {
      path: '/r',
      // @ts-expect-error: not a param of the template
      receipt: 'x',
    };
    expect(typed.path).toBe('/r');
  });

  it('lets links point only inside TMA, and names be single lines', () => {
    for (const path of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      'inbox',
      '/a b',
      '/a\nb',
    ])
      expect(() => assertEmailParams('report.received', { unitName: 'DE', path }), path).toThrow(
        InvalidEmailError,
      );
    for (const unitName of ['', 'DE\r\nBcc: x@example.com', 'x'.repeat(201)])
      expect(() => assertEmailParams('report.received', { unitName, path: '/' })).toThrow(InvalidEmailError);
  });

  it('renders every template in both languages', () => {
    const sample: { [T in (typeof EMAIL_TEMPLATE_NAMES)[number]]: EmailParams<T> } = {
      'report.received': { unitName: 'DE', path: '/inbox' },
      'report.danger': { unitName: 'DE', path: '/inbox' },
      'report.danger_alert': { unitName: 'DE', path: '/inbox' },
      'report.danger_escalated': { unitName: 'DE', path: '/inbox' },
      'report.reply_waiting': { path: '/report/acme' },
      'case.team_added': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.mentioned': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.task_assigned': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.assessment_due': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.task_due': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.measure_assigned': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.measure_invited': { path: '/' },
      'case.measure_overdue': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f' },
      'case.retention_due': { path: '/cases/0f8c1a52-7a0e-4a53-9d4c-2b1f3c4d5e6f', dueOn: '2027-06-30' },
      'user.access_review_due': { path: '/admin/access-review', dueOn: '2027-03-01' },
      'user.invitation': { organisation: 'Acme', path: '/invitation#token' },
      'user.password_reset': { organisation: 'Acme', path: '/reset-password#token' },
    };
    for (const name of EMAIL_TEMPLATE_NAMES)
      for (const locale of ['de', 'en'] as const) {
        const rendered = renderEmail(name, locale, sample[name], { publicUrl });
        expect(rendered.subject.length, `${name} ${locale}`).toBeGreaterThan(0);
        expect(rendered.text).toContain(publicUrl);
        expect(rendered.html).toContain(`lang="${locale}"`);
      }
  });
});
