// Problems in words, and the server's objections turned into problems the form can show at its fields.
import type { TFunction } from 'i18next';
import type { FieldProblem, ReportFormDefinition } from '../api/portal.ts';
import { type AnswerDrafts, checkAnswer, type Problem, type ProblemCode } from './answers.ts';
import { type AttachmentRules, allowedTypeNames, formatFileSize } from './attachments.ts';

/** The sentence for a problem, in the interface language. */
export function problemMessage(
  t: TFunction,
  problem: Problem,
  rules: AttachmentRules,
  locale: string,
): string {
  const max = problem.max ?? 0;
  switch (problem.code) {
    case 'required':
      return problem.path === 'reporter.name'
        ? t('portal.problems.requiredName')
        : t('portal.problems.required');
    case 'tooLong':
      return t('portal.problems.tooLong', { max: max.toLocaleString(locale) });
    case 'tooManyPersons':
      return t('portal.problems.tooManyPersons', { max });
    case 'tooManyFiles':
      return t('portal.problems.tooManyFiles', { max });
    case 'fileTooLarge':
      return t('portal.problems.fileTooLarge', { size: formatFileSize(max || rules.maxBytes, locale) });
    case 'fileType':
      return t('portal.problems.fileType', { types: allowedTypeNames(rules) });
    default:
      return t(`portal.problems.${problem.code}`);
  }
}

/** The server's attachment error codes (modules/attachments/sanitize.ts) as the form's problems. */
const attachmentCodes: Record<string, ProblemCode> = {
  attachment_empty: 'fileEmpty',
  attachment_too_large: 'fileTooLarge',
  attachment_type_not_allowed: 'fileType',
  attachment_unreadable: 'fileUnreadable',
  attachment_image_too_large: 'imageTooLarge',
  attachment_encrypted: 'fileEncrypted',
  attachments_too_many: 'tooManyFiles',
  too_many_attachments: 'tooManyFiles',
  payload_too_large: 'fileTooLarge',
};

/** The form's problem for an error code about attachments, or undefined if the code is about something else. */
export function attachmentProblemCode(code: string): ProblemCode | undefined {
  return attachmentCodes[code];
}

/**
 * A refusal from the server as problems at the form's fields: its `fields[].path` (`answers/when` or
 * `answers.when`, perhaps with the request part in front) and its code. Where the client's own check finds
 * what is wrong, its words are used; otherwise the field is marked as not accepted. Empty when the error
 * names no field the form has.
 */
export function problemsFromServer(
  error: { code: string; fields: readonly FieldProblem[] },
  context: { form: ReportFormDefinition; drafts: AnswerDrafts; today: string; maxFiles: number },
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = (problem: Problem) => {
    const key = `${problem.path}:${problem.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };
  const fileCode = attachmentProblemCode(error.code);
  const fileProblem = (path: string): Problem => {
    const code = fileCode ?? 'invalid';
    return code === 'tooManyFiles' ? { path, code, max: context.maxFiles } : { path, code };
  };
  for (const field of error.fields) {
    const path = field.path.replace(/\//g, '.').replace(/^(body|submission|message)\./, '');
    const [head, second] = path.split('.');
    if (head === 'answers' && second) {
      const own = checkAnswer(context.form, second, context.drafts, context.today);
      if (own.length > 0) own.forEach(add);
      else add({ path: `answers.${second}`, code: 'invalid' });
    } else if (head === 'reporter') {
      if (second === 'email') add({ path: 'reporter.email', code: 'email' });
      else if (second === 'phone') add({ path: 'reporter.phone', code: 'invalid' });
      else add({ path: 'reporter.name', code: 'required' });
    } else if (head === 'unit') {
      add({ path: 'unit', code: error.code === 'unit_required' ? 'unitRequired' : 'unitUnknown' });
    } else if (head === 'attachments') {
      add(fileProblem(second && /^\d+$/.test(second) ? `attachments.${second}` : 'attachments'));
    }
  }
  if (problems.length === 0 && fileCode) add(fileProblem('attachments'));
  if (problems.length === 0 && error.code === 'unit_not_found') add({ path: 'unit', code: 'unitUnknown' });
  return problems;
}
