import { describe, expect, it } from 'vitest';
import { messageFormData, submissionFormData } from '../api/portal.ts';
import { acceptAttribute, allowedTypeNames, checkAttachments, formatFileSize } from './attachments.ts';
import { problemsFromServer } from './problems.ts';

const rules = {
  maxBytes: 10 * 1024 * 1024,
  maxFiles: 3,
  types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf', 'text/plain'],
};

describe('checkAttachments', () => {
  it('accepts files within the limits', () => {
    expect(checkAttachments([{ name: 'a.jpg', size: 1000, type: 'image/jpeg' }], rules)).toEqual([]);
  });

  it('counts files and checks each one', () => {
    const files = [
      { name: 'a.jpg', size: 0, type: 'image/jpeg' },
      { name: 'b.pdf', size: rules.maxBytes + 1, type: 'application/pdf' },
      { name: 'c.heic', size: 10, type: 'image/heic' },
      { name: 'd.bin', size: 10, type: '' },
    ];
    expect(checkAttachments(files, rules)).toEqual([
      { path: 'attachments', code: 'tooManyFiles', max: 3 },
      { path: 'attachments.0', code: 'fileEmpty' },
      { path: 'attachments.1', code: 'fileTooLarge', max: rules.maxBytes },
      { path: 'attachments.2', code: 'fileType' },
    ]);
  });

  it('reads the browser’s type without parameters', () => {
    expect(checkAttachments([{ name: 'a.txt', size: 3, type: 'text/plain;charset=utf-8' }], rules)).toEqual(
      [],
    );
  });
});

describe('file descriptions', () => {
  it('shows sizes as file managers do', () => {
    expect(formatFileSize(640, 'en')).toBe('640 bytes');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatFileSize(3_400_000, 'de')).toBe('3,4 MB');
  });

  it('names the allowed types and offers them to the file picker', () => {
    expect(allowedTypeNames(rules)).toBe('JPEG, PNG, WebP, GIF, PDF, TXT');
    expect(acceptAttribute(rules)).toContain('application/pdf');
    expect(acceptAttribute(rules)).toContain('.jpeg');
  });
});

describe('multipart bodies', () => {
  it('puts the submission JSON first, then one `attachments` part per file', async () => {
    const submission = {
      proof: 'p',
      language: 'en' as const,
      anonymous: true,
      formVersion: '1.0.0',
      answers: { description: 'x' },
    };
    const files = [new File(['one'], 'one.txt', { type: 'text/plain' }), new File(['two'], 'two.pdf')];
    const form = submissionFormData(submission, files);
    expect([...form.keys()]).toEqual(['submission', 'attachments', 'attachments']);
    expect(JSON.parse(String(form.get('submission')))).toEqual(submission);
    const sent = form.getAll('attachments') as File[];
    expect(sent.map((file) => file.name)).toEqual(['one.txt', 'two.pdf']);
    expect(await sent[0]?.text()).toBe('one');
  });

  it('sends a reporter’s message as the JSON part `message`', () => {
    const form = messageFormData('Hello', [new File(['x'], 'x.txt')]);
    expect([...form.keys()]).toEqual(['message', 'attachments']);
    expect(JSON.parse(String(form.get('message')))).toEqual({ body: 'Hello' });
  });
});

describe('problemsFromServer', () => {
  const context = {
    form: {
      kind: 'ReportForm',
      formId: 'f',
      version: '1.0.0',
      title: { en: 't', de: 't' },
      scales: {},
      sections: [
        {
          id: 's',
          title: { en: 's', de: 's' },
          items: [
            {
              id: 'description',
              type: 'text',
              multiline: true,
              maxLength: 10,
              required: true,
              label: { en: 'd', de: 'd' },
            },
          ],
        },
      ],
    } as never,
    drafts: { description: '' },
    today: '2026-01-01',
    maxFiles: 3,
  };

  it('words answers the client can check itself, and marks the others as not accepted', () => {
    expect(
      problemsFromServer(
        {
          code: 'report_answers_invalid',
          fields: [
            { path: 'answers.description', message: 'is required' },
            { path: 'answers.other', message: 'is not a question of this form' },
          ],
        },
        context,
      ),
    ).toEqual([
      { path: 'answers.description', code: 'required' },
      { path: 'answers.other', code: 'invalid' },
    ]);
  });

  it('reads schema paths with slashes and the part name in front', () => {
    expect(
      problemsFromServer(
        { code: 'submission_invalid', fields: [{ path: 'reporter/email', message: 'x' }] },
        context,
      ),
    ).toEqual([{ path: 'reporter.email', code: 'email' }]);
  });

  it('puts an attachment error at the file it names, in the words of its code', () => {
    expect(
      problemsFromServer(
        { code: 'attachment_type_not_allowed', fields: [{ path: 'attachments.1', message: 'x' }] },
        context,
      ),
    ).toEqual([{ path: 'attachments.1', code: 'fileType' }]);
    expect(
      problemsFromServer(
        { code: 'attachments_too_many', fields: [{ path: 'attachments', message: 'x' }] },
        context,
      ),
    ).toEqual([{ path: 'attachments', code: 'tooManyFiles', max: 3 }]);
    expect(
      problemsFromServer(
        { code: 'attachment_too_large', fields: [{ path: 'attachments', message: 'x' }] },
        context,
      ),
    ).toEqual([{ path: 'attachments', code: 'fileTooLarge' }]);
  });

  it('tells a missing unit from an unknown one', () => {
    expect(
      problemsFromServer({ code: 'unit_required', fields: [{ path: 'unit', message: 'x' }] }, context),
    ).toEqual([{ path: 'unit', code: 'unitRequired' }]);
    expect(problemsFromServer({ code: 'unit_not_found', fields: [] }, context)).toEqual([
      { path: 'unit', code: 'unitUnknown' },
    ]);
  });

  it('names nothing for errors about no field', () => {
    expect(problemsFromServer({ code: 'proof_of_work_invalid', fields: [] }, context)).toEqual([]);
  });
});
