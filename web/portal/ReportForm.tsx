import { Alert, Button, Loader, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import {
  fetchPortalChallenge,
  PortalApiError,
  type PortalInfo,
  portalErrorCodes,
  portalInfoQueryKey,
  type SubmissionReceipt,
  submitReport,
} from '../api/portal.ts';
import { formatWait } from '../auth/wait-time.ts';
import { AttachmentsField } from './AttachmentsField.tsx';
import {
  type AnswerDraft,
  anonymousIdentity,
  buildSubmission,
  checkAnswers,
  checkIdentity,
  checkUnit,
  emptyDrafts,
  formItems,
  type IdentityDraft,
  type Problem,
  serverToday,
  unitChoices,
} from './answers.ts';
import { checkAttachments } from './attachments.ts';
import { ErrorSummary, type SummaryEntry } from './ErrorSummary.tsx';
import { FormItemField, FormSectionBlock } from './FormItemField.tsx';
import { errorId, fieldId } from './field-ids.ts';
import { IdentityFields } from './IdentityFields.tsx';
import { useLocalised } from './localised.ts';
import { DangerCallout } from './portal-layout.tsx';
import { problemMessage, problemsFromServer } from './problems.ts';
import { ProofOfWorkFailed, solvePortalChallenge } from './proof-of-work.ts';

type Phase = 'idle' | 'solving' | 'sending';

export interface ReportSent extends SubmissionReceipt {
  /** The unit's name when the reporter or the link chose one. */
  unitName: string | undefined;
}

/**
 * The report form, drawn from the tenant's form definition, with the unit (when the link names none and
 * there are several), named or anonymous, and files. Sending solves a fresh proof-of-work challenge first.
 * Problems are listed above the form (which gets the focus) and shown at each field.
 */
export function ReportForm({
  tenant,
  info,
  linkUnit,
  onSent,
}: {
  tenant: string;
  info: PortalInfo;
  linkUnit: string | undefined;
  onSent: (sent: ReportSent) => void;
}) {
  const { t } = useTranslation();
  const { language, text } = useLocalised();
  const queryClient = useQueryClient();
  const { form, units, attachments: rules } = info;

  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>(() => emptyDrafts(form));
  const [identity, setIdentity] = useState<IdentityDraft>(anonymousIdentity);
  const [chosenUnit, setChosenUnit] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [focusRequest, setFocusRequest] = useState<{ target: 'summary' | 'failure'; n: number } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const today = serverToday();
  const linkedUnit = linkUnit === undefined ? undefined : units.find((unit) => unit.slug === linkUnit);
  const choosesUnit = linkedUnit === undefined && units.length > 1;
  const choices = useMemo(() => unitChoices(units), [units]);

  const clientProblems = useMemo(
    () => [
      ...(choosesUnit ? checkUnit(units, undefined, chosenUnit) : []),
      ...checkAnswers(form, drafts, today),
      ...checkAttachments(files, rules),
      ...checkIdentity(identity),
    ],
    [choosesUnit, units, chosenUnit, form, drafts, today, files, rules, identity],
  );
  const shown = useMemo(() => {
    const own = attempted ? clientProblems : [];
    const ownPaths = new Set(own.map((problem) => problem.path));
    return [...own, ...serverProblems.filter((problem) => !ownPaths.has(problem.path))];
  }, [attempted, clientProblems, serverProblems]);

  const messages = useMemo(() => {
    const byPath = new Map<string, string>();
    for (const problem of shown)
      if (!byPath.has(problem.path)) byPath.set(problem.path, problemMessage(t, problem, rules, language));
    return byPath;
  }, [shown, t, rules, language]);
  const errorFor = useCallback((path: string) => messages.get(path), [messages]);

  useEffect(() => {
    if (!focusRequest) return;
    const target = focusRequest.target === 'summary' ? summaryRef.current : failureRef.current;
    target?.focus();
    target?.scrollIntoView({ block: 'start' });
  }, [focusRequest]);
  const requestFocus = (target: 'summary' | 'failure') =>
    setFocusRequest((current) => ({ target, n: (current?.n ?? 0) + 1 }));

  /** The server's objection to a field no longer stands once the field changes. */
  const forgetServerProblems = (prefix: string) =>
    setServerProblems((current) =>
      current.some((problem) => problem.path.startsWith(prefix))
        ? current.filter((problem) => !problem.path.startsWith(prefix))
        : current,
    );

  const setAnswer = (itemId: string) => (value: AnswerDraft) => {
    setDrafts((current) => ({ ...current, [itemId]: value }));
    forgetServerProblems(`answers.${itemId}`);
  };

  const labelFor = (path: string): string => {
    const [head, second, row, field] = path.split('.');
    if (head === 'unit') return t('portal.form.unit.label');
    if (head === 'reporter') {
      if (second === 'email') return t('portal.form.identity.email');
      if (second === 'phone') return t('portal.form.identity.phone');
      return t('portal.form.identity.name');
    }
    if (head === 'attachments')
      return second ? (files[Number(second)]?.name ?? '') : t('portal.form.attachments.label');
    const item = formItems(form).find((candidate) => candidate.id === second);
    const label = item ? text(item.label) : (second ?? '');
    if (row === undefined) return label;
    const person = t('portal.form.person', { number: Number(row) + 1 });
    const fieldLabel =
      field === 'role'
        ? t('portal.form.persons.role')
        : field === 'description'
          ? t('portal.form.persons.description')
          : t('portal.form.persons.name');
    return `${person} – ${fieldLabel}`;
  };

  const summary: SummaryEntry[] = shown.map((problem) => ({
    path: problem.path,
    label: labelFor(problem.path),
    message: messages.get(problem.path) ?? '',
  }));

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (phase !== 'idle') return;
    setAttempted(true);
    setServerProblems([]);
    setFailure(null);
    if (clientProblems.length > 0) {
      requestFocus('summary');
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setPhase('solving');
    try {
      const challenge = await fetchPortalChallenge(tenant, controller.signal);
      const proof = await solvePortalChallenge(challenge, { signal: controller.signal });
      setPhase('sending');
      const unit = linkedUnit?.slug ?? (choosesUnit ? chosenUnit : undefined);
      const sent = await submitReport(
        tenant,
        buildSubmission({ proof, language, form, drafts, identity, unit }),
        files,
        controller.signal,
      );
      const unitName = (linkedUnit ?? units.find((candidate) => candidate.slug === unit))?.name;
      onSent({ ...sent, unitName });
    } catch (error) {
      if (controller.signal.aborted) return;
      setPhase('idle');
      const fieldProblems = serverFieldProblems(error, { form, drafts, today, maxFiles: rules.maxFiles });
      if (fieldProblems.length > 0) {
        setServerProblems(fieldProblems);
        requestFocus('summary');
        return;
      }
      // A form published while the reporter typed: load it; answers to questions it still has stay.
      if (error instanceof ApiError && error.code === 'report_form_changed')
        void queryClient.invalidateQueries({ queryKey: portalInfoQueryKey(tenant) });
      setFailure(error);
      requestFocus('failure');
    }
  };

  const busy = phase !== 'idle';
  const sections = form.sections;
  // "Someone is in danger now" (the form's danger rule): the emergency instructions at once, under the answer.
  const dangerItem = form.danger?.itemId;
  const dangerAnswer = dangerItem === undefined ? undefined : drafts[dangerItem];
  const inDanger = typeof dangerAnswer === 'string' && (form.danger?.codes.includes(dangerAnswer) ?? false);

  return (
    // autoComplete off: a shared computer must not offer the next person what was typed into a report.
    <form onSubmit={submit} noValidate autoComplete="off" aria-describedby="portal-form-intro">
      <Stack gap="lg">
        <Text id="portal-form-intro" size="sm">
          {t('portal.form.intro')}
        </Text>
        {summary.length > 0 && <ErrorSummary entries={summary} summaryRef={summaryRef} />}

        {(linkedUnit || choosesUnit) && (
          <Paper withBorder p={{ base: 'sm', sm: 'lg' }}>
            {linkedUnit ? (
              <Text data-testid="portal-unit">{t('portal.form.unit.linked', { unit: linkedUnit.name })}</Text>
            ) : (
              <NativeSelect
                id={fieldId('unit')}
                label={t('portal.form.unit.label')}
                description={t('portal.form.unit.description')}
                required
                data={[{ value: '', label: t('portal.form.unit.placeholder') }, ...choices]}
                value={chosenUnit}
                onChange={(event) => {
                  setChosenUnit(event.currentTarget.value);
                  forgetServerProblems('unit');
                }}
                error={errorFor('unit')}
                errorProps={{ id: errorId('unit') }}
                maw={480}
              />
            )}
          </Paper>
        )}

        {sections.map((section) => (
          <Paper key={section.id} withBorder p={{ base: 'sm', sm: 'lg' }}>
            <FormSectionBlock
              title={text(section.title)}
              help={text(section.help) || undefined}
              headingId={`section-${section.id}`}
            >
              {section.items.map((item) => (
                <Fragment key={item.id}>
                  <FormItemField
                    item={item}
                    form={form}
                    value={drafts[item.id]}
                    onChange={setAnswer(item.id)}
                    errorFor={errorFor}
                    today={today}
                  />
                  {inDanger && item.id === dangerItem && <DangerCallout notice={info.emergencyNotice} />}
                </Fragment>
              ))}
            </FormSectionBlock>
          </Paper>
        ))}

        <Paper withBorder p={{ base: 'sm', sm: 'lg' }}>
          <AttachmentsField
            files={files}
            onChange={(next) => {
              setFiles(next);
              forgetServerProblems('attachments');
            }}
            rules={rules}
            errorFor={errorFor}
            asHeading
          />
        </Paper>

        <Paper withBorder p={{ base: 'sm', sm: 'lg' }}>
          <FormSectionBlock title={t('portal.form.sectionAbout')} headingId="section-about-you">
            <IdentityFields
              identity={identity}
              onChange={(next) => {
                setIdentity(next);
                forgetServerProblems('reporter');
              }}
              errorFor={errorFor}
            />
          </FormSectionBlock>
        </Paper>

        {failure !== null && (
          <Alert
            ref={failureRef}
            tabIndex={-1}
            color="red"
            variant="light"
            title={t('portal.form.errorTitle')}
            data-testid="submit-error"
            styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
          >
            {failureMessage(t, failure, language)}
          </Alert>
        )}

        <Stack gap="sm" align="flex-start">
          <Button
            type="submit"
            size="md"
            aria-disabled={busy || undefined}
            leftSection={busy ? <Loader size={18} color="white" aria-hidden="true" /> : undefined}
          >
            {t('portal.form.submit')}
          </Button>
          <div role="status" data-testid="submit-progress">
            {busy && (
              <Text size="sm">
                {phase === 'solving' ? t('portal.form.solving') : t('portal.form.sending')}
              </Text>
            )}
          </div>
        </Stack>
      </Stack>
    </form>
  );
}

/** The problems at fields that an error from the server names, if it names any. */
function serverFieldProblems(error: unknown, context: Parameters<typeof problemsFromServer>[1]): Problem[] {
  if (!(error instanceof ApiError)) return [];
  const fields = error instanceof PortalApiError ? error.fields : [];
  return problemsFromServer({ code: error.code, fields }, context);
}

/** Why sending failed, when it was not a problem with an answer. */
function failureMessage(t: TFunction, error: unknown, language: 'de' | 'en'): string {
  if (error instanceof ProofOfWorkFailed) return t('portal.form.proofFailed');
  if (!(error instanceof ApiError)) return t('portal.form.serverError');
  if (error.code === clientErrorCodes.network) return t('portal.form.networkError');
  if (error.code === portalErrorCodes.proofOfWorkInvalid) return t('portal.form.proofFailed');
  if (error.code === 'report_form_changed') return t('portal.form.formChanged');
  if (error.code === 'portal_not_ready') return t('portal.form.notReady');
  if (error.status === 429)
    return error.retryAfterSeconds === undefined
      ? t('portal.form.throttledNoWait')
      : t('portal.form.throttled', { wait: formatWait(error.retryAfterSeconds, language) });
  return t('portal.form.serverError');
}
