import { type Static, type TObject, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { EmailLocale } from '../../db/schema-mail.ts';

// TMA's e-mails are notices with a link, never case content: each template declares the few params it
// shows (a unit's name, a link's path), the outbox refuses any other, and the text is rendered only when
// the message is sent.

export type { EmailLocale };
export const EMAIL_LOCALES: readonly EmailLocale[] = ['de', 'en'];

/** What an e-mail says, in one language. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** High priority marks the message urgent in mail clients (Importance, X-Priority). */
  priority: 'normal' | 'high';
}

/** A link target inside TMA: a path below TMA_PUBLIC_URL, so no message can point elsewhere. */
const LinkPath = Type.String({ pattern: '^/(?![/\\\\])[^\\s\\u0000-\\u001f\\u007f]*$', maxLength: 500 });
/** A short, single-line name (a unit's); no case content. */
const Name = Type.String({ pattern: '^[^\\u0000-\\u001f\\u007f]+$', minLength: 1, maxLength: 200 });

interface Context {
  locale: EmailLocale;
  /** TMA_PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

interface Template<S extends TObject> {
  params: S;
  render(params: Static<S>, context: Context): RenderedEmail;
}

const template = <S extends TObject>(definition: Template<S>): Template<S> => definition;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const footer: Record<EmailLocale, string> = {
  en: 'This is an automatic message from TMA, the Threat Management Assistant. For your protection it contains no case content. Please do not reply to it.',
  de: 'Dies ist eine automatische Nachricht von TMA, dem Assistenten für Bedrohungsmanagement. Zu Ihrem Schutz enthält sie keine Fallinhalte. Bitte antworten Sie nicht darauf.',
};
const greeting: Record<EmailLocale, string> = { en: 'Hello,', de: 'Guten Tag,' };

/**
 * Plain text and a simple HTML part from the same paragraphs. In each paragraph, `{link}` stands for the
 * link (shown as its URL in the text part, as a labelled link in HTML); everything else is escaped.
 */
function compose(
  context: Context,
  options: { subject: string; paragraphs: string[]; link: { path: string; label: string }; urgent?: boolean },
): RenderedEmail {
  const url = `${context.publicUrl}${options.link.path}`;
  const paragraphs = [greeting[context.locale], ...options.paragraphs];
  const text = [...paragraphs.map((p) => p.replace('{link}', url)), '--', footer[context.locale]].join(
    '\n\n',
  );
  const anchor = `<a href="${escapeHtml(url)}">${escapeHtml(options.link.label)}</a>`;
  const body = paragraphs.map((p) => `<p>${p.split('{link}').map(escapeHtml).join(anchor)}</p>`).join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${context.locale}"><head><meta charset="utf-8"><title>${escapeHtml(options.subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    options.urgent ? '<div style="border-left: 4px solid #c92a2a; padding-left: 12px">' : '<div>',
    body,
    '</div>',
    `<p style="color: #666; font-size: small">${escapeHtml(footer[context.locale])}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: options.subject, text, html, priority: options.urgent ? 'high' : 'normal' };
}

const ReportNotice = Type.Object(
  {
    /** The unit the report belongs to. */
    unitName: Name,
    /** Where the link points: the threat manager's inbox. */
    path: LinkPath,
  },
  { additionalProperties: false },
);

/** An invitation or password-reset link: the organisation's name and the link's path (token in the fragment). */
const AccountLink = Type.Object({ organisation: Name, path: LinkPath }, { additionalProperties: false });

/** Every template, by name. Add new ones here (invitation, password reset, reminders …). */
export const emailTemplates = {
  /** To a threat manager of the unit: a new report has arrived. */
  'report.received': template({
    params: ReportNotice,
    render: ({ unitName, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: `Neue Meldung für ${unitName}`,
            paragraphs: [
              `in TMA ist eine neue Meldung für die Einheit ${unitName} eingegangen.`,
              'Öffnen Sie Ihren Posteingang: {link}',
            ],
            link: { path, label: 'Posteingang öffnen' },
          })
        : compose(context, {
            subject: `New report for ${unitName}`,
            paragraphs: [
              `A new report has arrived in TMA for the unit ${unitName}.`,
              'Open your inbox: {link}',
            ],
            link: { path, label: 'Open your inbox' },
          }),
  }),

  /** To a threat manager of the unit, marked urgent: the new report indicates immediate danger. */
  'report.danger': template({
    params: ReportNotice,
    render: ({ unitName, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: `DRINGEND: Neue Meldung mit Hinweis auf akute Gefahr (${unitName})`,
            paragraphs: [
              `in TMA ist eine neue Meldung für die Einheit ${unitName} eingegangen, die auf eine akute Gefahr hinweist.`,
              'Bitte prüfen Sie sie sofort: {link}',
            ],
            link: { path, label: 'Meldung jetzt prüfen' },
            urgent: true,
          })
        : compose(context, {
            subject: `URGENT: New report indicating immediate danger (${unitName})`,
            paragraphs: [
              `A new report has arrived in TMA for the unit ${unitName}. It indicates immediate danger.`,
              'Please review it now: {link}',
            ],
            link: { path, label: 'Review it now' },
            urgent: true,
          }),
  }),

  /** To whoever is on duty for the unit, again and again: a danger report is still not acknowledged. */
  'report.danger_alert': template({
    params: ReportNotice,
    render: ({ unitName, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: `DRINGEND: Meldung mit akuter Gefahr noch nicht bestätigt (${unitName})`,
            paragraphs: [
              `eine Meldung für die Einheit ${unitName}, die auf eine akute Gefahr hinweist, ist noch nicht bestätigt. Sie haben Bereitschaft.`,
              'Bitte prüfen und bestätigen Sie sie sofort: {link}',
            ],
            link: { path, label: 'Meldung jetzt prüfen' },
            urgent: true,
          })
        : compose(context, {
            subject: `URGENT: Report of immediate danger not yet acknowledged (${unitName})`,
            paragraphs: [
              `A report for the unit ${unitName} that indicates immediate danger has not been acknowledged yet. You are on duty.`,
              'Please review and acknowledge it now: {link}',
            ],
            link: { path, label: 'Review it now' },
            urgent: true,
          }),
  }),

  /** To every threat manager who may read the unit's reports: nobody acknowledged a danger report in time. */
  'report.danger_escalated': template({
    params: ReportNotice,
    render: ({ unitName, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: `ESKALATION: Meldung mit akuter Gefahr nicht rechtzeitig bestätigt (${unitName})`,
            paragraphs: [
              `eine Meldung für die Einheit ${unitName}, die auf eine akute Gefahr hinweist, hat innerhalb der Frist niemand bestätigt. Deshalb erhalten alle zuständigen Bedrohungsmanager diese Nachricht.`,
              'Bitte sorgen Sie sofort dafür, dass sich jemand darum kümmert: {link}',
            ],
            link: { path, label: 'Meldung jetzt prüfen' },
            urgent: true,
          })
        : compose(context, {
            subject: `ESCALATION: Report of immediate danger not acknowledged in time (${unitName})`,
            paragraphs: [
              `Nobody acknowledged a report for the unit ${unitName} that indicates immediate danger within the deadline. Every threat manager responsible for it receives this message.`,
              'Please make sure at once that someone takes care of it: {link}',
            ],
            link: { path, label: 'Review it now' },
            urgent: true,
          }),
  }),

  /**
   * To a reporter who left an address: the team has replied. Neither the reply nor the receipt is in it,
   * and the subject does not say that its recipient made a report.
   */
  'report.reply_waiting': template({
    params: Type.Object(
      {
        /** Where the link points: the reporting portal's sign-in with a receipt. */
        path: LinkPath,
      },
      { additionalProperties: false },
    ),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Eine neue Nachricht wartet auf Sie',
            paragraphs: [
              'das Team für Bedrohungsmanagement hat auf Ihre Meldung geantwortet.',
              'Melden Sie sich unter {link} mit der Quittung an, die Sie beim Absenden Ihrer Meldung erhalten haben, um die Antwort zu lesen.',
            ],
            link: { path, label: `${context.publicUrl}${path}` },
          })
        : compose(context, {
            subject: 'A new message is waiting for you',
            paragraphs: [
              'The threat management team has replied to your report.',
              'Log in with your receipt at {link} to read it.',
            ],
            link: { path, label: `${context.publicUrl}${path}` },
          }),
  }),

  /**
   * To a user added to a case's team: a link to the case, nothing of it (not even its reference, which a
   * mailbox could keep longer than the team's need to know).
   */
  'case.team_added': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Sie wurden einem Fallteam hinzugefügt',
            paragraphs: [
              'Sie wurden in TMA dem Team eines Falls hinzugefügt und können ihn jetzt öffnen.',
              'Zum Fall: {link}',
            ],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'You were added to a case team',
            paragraphs: [
              'You were added to the team of a case in TMA and can open it now.',
              'Open it: {link}',
            ],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a user mentioned in a comment on a case: a link to the case, not the comment. */
  'case.mentioned': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Sie wurden in einem Fall erwähnt',
            paragraphs: ['Sie wurden in TMA in einem Kommentar zu einem Fall erwähnt.', 'Zum Fall: {link}'],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'You were mentioned in a case',
            paragraphs: ['You were mentioned in a comment on a case in TMA.', 'Open it: {link}'],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a user given a task on a case: a link to the case, not the task's title. */
  'case.task_assigned': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Ihnen wurde eine Aufgabe zugewiesen',
            paragraphs: ['Ihnen wurde in TMA eine Aufgabe in einem Fall zugewiesen.', 'Zum Fall: {link}'],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'A task was assigned to you',
            paragraphs: ['A task on a case in TMA was assigned to you.', 'Open it: {link}'],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a case's owner, once a day while the case's re-assessment is due or overdue: a link, nothing else. */
  'case.assessment_due': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Erinnerung: Eine Einschätzung ist zu überprüfen',
            paragraphs: [
              'die erneute Einschätzung eines Ihrer Fälle in TMA ist heute fällig oder überfällig.',
              'Zum Fall: {link}',
            ],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'Reminder: a case is due for re-assessment',
            paragraphs: [
              'The re-assessment of a case you own in TMA is due today or overdue.',
              'Open it: {link}',
            ],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a task's assignee, once a day while it is due or overdue: a link to the case, nothing else. */
  'case.task_due': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Erinnerung: Eine Aufgabe ist fällig',
            paragraphs: [
              'eine Ihnen in TMA zugewiesene Aufgabe ist heute fällig oder überfällig.',
              'Zum Fall: {link}',
            ],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'Reminder: a task is due',
            paragraphs: ['A task assigned to you in TMA is due today or overdue.', 'Open it: {link}'],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a user given a measure on a case they read: a link to the case, nothing of the measure. */
  'case.measure_assigned': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Ihnen wurde eine Maßnahme übertragen',
            paragraphs: ['Ihnen wurde in TMA eine Maßnahme in einem Fall übertragen.', 'Zum Fall: {link}'],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'A measure was assigned to you',
            paragraphs: ['A measure on a case in TMA was assigned to you.', 'Open it: {link}'],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To an expert invited to a measure: a link to their invitations; accepting adds them to the case team. */
  'case.measure_invited': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Einladung zur Mitwirkung an einer Maßnahme',
            paragraphs: [
              'Sie wurden in TMA eingeladen, an einer Maßnahme in einem Fall mitzuwirken. Erst wenn Sie zusagen, werden Sie Teil des Fallteams und sehen den Fall.',
              'Einladung ansehen: {link}',
            ],
            link: { path, label: 'Einladungen öffnen' },
          })
        : compose(context, {
            subject: 'You are invited to take part in a measure',
            paragraphs: [
              'You were invited in TMA to take part in a measure on a case. Only when you accept do you join the case team and see the case.',
              'See the invitation: {link}',
            ],
            link: { path, label: 'Open your invitations' },
          }),
  }),

  /** To a case's owner when a measure passes its due day undone: a link to the case, nothing else. */
  'case.measure_overdue': template({
    params: Type.Object({ path: LinkPath }, { additionalProperties: false }),
    render: ({ path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Eine Maßnahme ist überfällig',
            paragraphs: [
              'eine Maßnahme in einem Ihrer Fälle in TMA ist über ihrem Fälligkeitstag und nicht erledigt.',
              'Zum Fall: {link}',
            ],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'A measure is overdue',
            paragraphs: [
              'A measure on a case you own in TMA is past its due day and not done.',
              'Open it: {link}',
            ],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a closed case's owner: the retention policy deletes the case on `dueOn` unless it is reopened or held. */
  'case.retention_due': template({
    params: Type.Object(
      { path: LinkPath, dueOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
      { additionalProperties: false },
    ),
    render: ({ path, dueOn }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Ein abgeschlossener Fall wird bald gelöscht',
            paragraphs: [
              `ein abgeschlossener Fall, den Sie in TMA verantworten, wird nach der Aufbewahrungsrichtlinie Ihrer Organisation am ${dueOn} gelöscht. Muss er länger aufbewahrt werden, setzen Sie einen Legal Hold oder öffnen Sie ihn wieder.`,
              'Zum Fall: {link}',
            ],
            link: { path, label: 'Fall öffnen' },
          })
        : compose(context, {
            subject: 'A closed case will soon be deleted',
            paragraphs: [
              `A closed case you own in TMA will be deleted on ${dueOn} under your organisation's retention policy. If it must be kept longer, place it under legal hold or reopen it.`,
              'Open it: {link}',
            ],
            link: { path, label: 'Open the case' },
          }),
  }),

  /** To a tenant's admins: the periodic access review is due (server/jobs/access-review-reminders.ts). */
  'user.access_review_due': template({
    params: Type.Object(
      { path: LinkPath, dueOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
      { additionalProperties: false },
    ),
    render: ({ path, dueOn }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Die Zugriffsprüfung ist fällig',
            paragraphs: [
              `die regelmäßige Prüfung, wer in TMA welche Fälle sehen kann, ist seit dem ${dueOn} fällig. Bestätigen oder entziehen Sie die Zugriffe an einer Stelle.`,
              'Zur Zugriffsprüfung: {link}',
            ],
            link: { path, label: 'Zugriffsprüfung öffnen' },
          })
        : compose(context, {
            subject: 'The access review is due',
            paragraphs: [
              `The regular review of who can see which cases in TMA has been due since ${dueOn}. Confirm or revoke access in one place.`,
              'Open the access review: {link}',
            ],
            link: { path, label: 'Open the access review' },
          }),
  }),

  /** To a new user: an admin invited them; the link (valid 7 days, once) lets them set a password. */
  'user.invitation': template({
    params: AccountLink,
    render: ({ organisation, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: `Einladung zu TMA (${organisation})`,
            paragraphs: [
              `Sie wurden eingeladen, TMA für ${organisation} zu nutzen.`,
              'Legen Sie Ihr Passwort über diesen Link fest: {link}',
              'Der Link gilt 7 Tage und nur einmal. Wenn Sie keine Einladung erwartet haben, ignorieren Sie diese Nachricht.',
            ],
            link: { path, label: 'Einladung annehmen' },
          })
        : compose(context, {
            subject: `Invitation to TMA (${organisation})`,
            paragraphs: [
              `You have been invited to use TMA for ${organisation}.`,
              'Set your password with this link: {link}',
              'The link works once, for 7 days. If you did not expect an invitation, ignore this message.',
            ],
            link: { path, label: 'Accept the invitation' },
          }),
  }),

  /** To a user who asked to reset their password: the link (valid 1 hour, once) lets them set a new one. */
  'user.password_reset': template({
    params: AccountLink,
    render: ({ organisation, path }, context) =>
      context.locale === 'de'
        ? compose(context, {
            subject: 'Passwort für TMA zurücksetzen',
            paragraphs: [
              `für Ihr Konto bei TMA (${organisation}) wurde ein neues Passwort angefordert.`,
              'Legen Sie es über diesen Link fest: {link}',
              'Der Link gilt eine Stunde und nur einmal. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.',
            ],
            link: { path, label: 'Neues Passwort festlegen' },
          })
        : compose(context, {
            subject: 'Reset your TMA password',
            paragraphs: [
              `Someone asked to reset the password of your TMA account (${organisation}).`,
              'Set a new password with this link: {link}',
              'The link works once, for one hour. If you did not ask for this, ignore this message: your password stays as it is.',
            ],
            link: { path, label: 'Set a new password' },
          }),
  }),
} as const;

export type EmailTemplateName = keyof typeof emailTemplates;
/** The params a template takes: exactly these, all of them. */
export type EmailParams<T extends EmailTemplateName> = Static<(typeof emailTemplates)[T]['params']>;

export const EMAIL_TEMPLATE_NAMES = Object.keys(emailTemplates) as EmailTemplateName[];

export const isEmailTemplateName = (name: string): name is EmailTemplateName =>
  Object.hasOwn(emailTemplates, name);

/** Thrown for a message that breaks its template: a bug in the sending module, not a user error. */
export class InvalidEmailError extends TypeError {
  override name = 'InvalidEmailError';
}

/** Checks a template's name and params (only the declared ones); throws InvalidEmailError. */
export function assertEmailParams(template: string, params: unknown): void {
  if (!isEmailTemplateName(template)) throw new InvalidEmailError(`unknown e-mail template "${template}"`);
  const schema = emailTemplates[template].params;
  if (!Value.Check(schema, params)) {
    const problems = [...Value.Errors(schema, params)].map(
      (error) => `${error.instancePath.replace(/^\//, '') || 'params'}: ${error.message}`,
    );
    throw new InvalidEmailError(
      `params of e-mail template ${template} are not valid (${problems.join('; ')})`,
    );
  }
}

/** Renders a message in its language; the params are checked again, as they came from the database. */
export function renderEmail(
  template: string,
  locale: EmailLocale,
  params: unknown,
  options: { publicUrl: string },
): RenderedEmail {
  assertEmailParams(template, params);
  if (!EMAIL_LOCALES.includes(locale)) throw new InvalidEmailError(`unknown e-mail locale "${locale}"`);
  const definition = emailTemplates[template as EmailTemplateName] as Template<TObject>;
  return definition.render(params as Static<TObject>, { locale, publicUrl: options.publicUrl });
}
