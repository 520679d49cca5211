import {
  Alert,
  Anchor,
  Box,
  Button,
  Collapse,
  Group,
  JsonInput,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePublishReportForm } from '../api/admin.ts';
import { ApiError } from '../api/client.ts';
import type { ReportFormDefinition } from '../api/portal.ts';
import { FormPreview } from './FormPreview.tsx';
import { asDraft, checkDraft, type DraftProblem, isWithin, limits, serverPath } from './form-checks.ts';
import { addSection, type FormDraft, setDescription, setTitle, startDraft } from './form-draft.ts';
import {
  type EditorFields,
  EditorFieldsContext,
  editorFieldId,
  LocalisedInputs,
  useEditorFields,
} from './parts.tsx';
import { SectionEditor } from './SectionEditor.tsx';

/** Problems of the form's structure: shown at once, as there is no field to have touched. */
const structural = new Set<DraftProblem['rule']>([
  'noSections',
  'tooManySections',
  'noItems',
  'tooManyItems',
  'tooFewOptions',
  'tooManyOptions',
  'missingScale',
  'dangerNotChoice',
  'dangerCode',
]);

/** The admin's own JSON text; `problem` says why the editor cannot show it (null: it shows it). */
type OwnJson = { text: string; problem: 'invalid' | 'not_shown' | null; value?: unknown } | null;

/**
 * The report-form editor: the next version of the published form, edited section by section and question
 * by question in German and English, checked as the admin types, previewed as reporters see it, and
 * published through PUT /api/v1/report-form. The JSON of the same definition is the advanced fallback.
 */
export function FormEditor({ published }: { published: ReportFormDefinition }) {
  const { t } = useTranslation();
  const publish = usePublishReportForm();
  const [draft, setDraft] = useState<FormDraft>(() => startDraft(published));
  // The JSON as the admin typed it (null: the JSON is the draft's, written out afresh on every change).
  const [json, setJson] = useState<OwnJson>(null);
  const [jsonOpen, setJsonOpen] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const refusedRef = useRef<HTMLDivElement>(null);

  const start = useMemo(() => startDraft(published), [published]);
  // After a publication the portal's form changes: start the next version from it.
  useEffect(() => {
    setDraft(start);
    setJson(null);
    setTouched(new Set());
    setTried(false);
  }, [start]);

  const problems = useMemo(() => checkDraft(draft, published), [draft, published]);
  const changed = useMemo(() => JSON.stringify(draft) !== JSON.stringify(start), [draft, start]);
  const serverProblems = useMemo(
    () =>
      publish.error instanceof ApiError
        ? publish.error.fields.map((field) => ({ path: serverPath(field.path), message: field.message }))
        : [],
    [publish.error],
  );
  const fields = useMemo<EditorFields>(() => {
    const visible = (problem: DraftProblem) =>
      tried || structural.has(problem.rule) || touched.has(problem.path);
    return {
      errorFor: (path) => {
        const own = problems.find((problem) => problem.path === path && visible(problem));
        if (own) return problemMessage(t, own, published.version);
        return serverProblems.find((problem) => problem.path === path)?.message;
      },
      hasProblemWithin: (path) =>
        (tried && problems.some((problem) => isWithin(problem.path, path))) ||
        serverProblems.some((problem) => isWithin(problem.path, path)),
    };
  }, [problems, serverProblems, touched, tried, t, published.version]);

  const publishedItems = useMemo(
    () => new Set(published.sections.flatMap((section) => section.items.map((item) => item.id))),
    [published],
  );

  const change = (update: (form: FormDraft) => FormDraft) => {
    setDraft(update);
    setJson(null);
    publish.reset();
  };
  // A field counts as visited when it loses focus. (Not on input: a state change from a capturing input
  // handler made React drop text pasted or filled in at once.)
  const touch = (target: EventTarget) => {
    const name = (target as HTMLInputElement).name;
    if (name && !touched.has(name)) setTouched(new Set(touched).add(name));
  };

  const onJson = (text: string) => {
    publish.reset();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      setJson({ text, problem: 'invalid' });
      return;
    }
    const fitting = asDraft(value);
    if (fitting) setDraft(fitting);
    setJson(fitting ? { text, problem: null } : { text, problem: 'not_shown', value });
  };

  const showRefusal = () => requestAnimationFrame(() => refusedRef.current?.focus());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (json?.problem === 'invalid') {
      setJsonOpen(true);
      return;
    }
    if (json?.problem === 'not_shown') {
      publish.mutate(json.value, { onError: showRefusal });
      return;
    }
    setTried(true);
    if (problems.length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    publish.mutate(draft, { onError: showRefusal });
  };
  const discard = () => {
    setDraft(start);
    setJson(null);
    setTouched(new Set());
    setTried(false);
    publish.reset();
  };

  const editorLocked = json !== null && json.problem !== null;
  let questionNumber = 1;

  return (
    <EditorFieldsContext.Provider value={fields}>
      <form onSubmit={submit} noValidate data-testid="form-editor">
        <Stack gap="lg">
          <Tabs defaultValue="edit" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="edit">{t('formEditor.tabs.edit')}</Tabs.Tab>
              <Tabs.Tab value="preview">{t('formEditor.tabs.preview')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="edit">
              {editorLocked && (
                <Alert color="orange" variant="light" mb="md">
                  {json.problem === 'invalid' ? t('formEditor.json.invalid') : t('formEditor.json.notShown')}
                </Alert>
              )}
              <Box
                component="fieldset"
                disabled={editorLocked}
                m={0}
                p={0}
                style={{ border: 0, minWidth: 0 }}
                onBlurCapture={(event) => touch(event.target)}
              >
                <Stack gap="lg">
                  <GeneralFields form={draft} publishedVersion={published.version} onChange={change} />
                  {draft.sections.map((section, sectionIndex) => {
                    const firstNumber = questionNumber;
                    questionNumber += section.items.length;
                    return (
                      <SectionEditor
                        // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place
                        key={sectionIndex}
                        form={draft}
                        sectionIndex={sectionIndex}
                        firstNumber={firstNumber}
                        questionCount={draft.sections.reduce((sum, s) => sum + s.items.length, 0)}
                        published={publishedItems}
                        onChange={change}
                      />
                    );
                  })}
                  {fields.errorFor('sections') && (
                    <Text c="red.8" size="sm">
                      {fields.errorFor('sections')}
                    </Text>
                  )}
                  <Group>
                    <Button
                      variant="default"
                      disabled={draft.sections.length >= limits.sections}
                      onClick={() => change(addSection)}
                    >
                      {t('formEditor.section.add')}
                    </Button>
                  </Group>
                </Stack>
              </Box>
            </Tabs.Panel>
            <Tabs.Panel value="preview">
              <FormPreview form={draft} />
            </Tabs.Panel>
          </Tabs>

          {tried && problems.length > 0 && (
            <ProblemSummary
              problems={problems}
              draft={draft}
              summaryRef={summaryRef}
              publishedVersion={published.version}
            />
          )}
          {publish.error && (
            <Alert
              ref={refusedRef}
              tabIndex={-1}
              color="red"
              variant="light"
              role="alert"
              title={t('formEditor.publish.refused')}
              styles={{ message: { color: 'var(--mantine-color-text)' } }}
            >
              <Text size="sm">{publish.error.message}</Text>
              {serverProblems.length > 0 && (
                <List size="sm" mt="xs" data-testid="form-problems">
                  {serverProblems.map((problem) => (
                    <List.Item key={`${problem.path}:${problem.message}`}>
                      <Text span ff="monospace" size="sm">
                        {problem.path}
                      </Text>
                      : {problem.message}
                    </List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}

          {/* Kept in sight at the bottom of the window while the form is long: one line, two buttons. */}
          <Paper
            withBorder
            radius="md"
            px="md"
            py="sm"
            bg="var(--mantine-color-body)"
            shadow="sm"
            style={{ position: 'sticky', bottom: 8, zIndex: 2 }}
            data-testid="form-editor-publish"
          >
            <Group justify="space-between" gap="sm" wrap="wrap">
              <PublishStatus
                problems={problems}
                tried={tried}
                draft={draft}
                published={publish.isSuccess && !changed ? publish.data.version : undefined}
              />
              <Group gap="sm" wrap="wrap">
                <Button variant="default" onClick={discard} disabled={!changed && json === null}>
                  {t('formEditor.publish.reset')}
                </Button>
                <Button type="submit" loading={publish.isPending}>
                  {t('formEditor.publish.submit', { version: draft.version })}
                </Button>
              </Group>
            </Group>
          </Paper>
          <Text size="xs" c="dimmed" mt={-8}>
            {t('formEditor.publish.immutable')}
          </Text>

          <Paper withBorder radius="md">
            <UnstyledButton
              w="100%"
              p="md"
              aria-expanded={jsonOpen}
              aria-controls="form-editor-json"
              onClick={() => setJsonOpen(!jsonOpen)}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} size="sm">
                  {t('formEditor.json.toggle')}
                </Text>
                <Text size="sm" c="dimmed" aria-hidden="true">
                  {jsonOpen ? '▴' : '▾'}
                </Text>
              </Group>
            </UnstyledButton>
            <Collapse expanded={jsonOpen}>
              <Box px="md" pb="md" id="form-editor-json">
                {jsonOpen && (
                  <JsonInput
                    label={t('formEditor.json.label')}
                    description={t('formEditor.json.help')}
                    value={json?.text ?? JSON.stringify(draft, null, 2)}
                    onChange={onJson}
                    autosize
                    minRows={12}
                    maxRows={30}
                    spellCheck={false}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
                    error={
                      json?.problem === 'invalid'
                        ? t('formEditor.json.invalid')
                        : json?.problem === 'not_shown'
                          ? t('formEditor.json.notShown')
                          : undefined
                    }
                  />
                )}
              </Box>
            </Collapse>
          </Paper>
        </Stack>
      </form>
    </EditorFieldsContext.Provider>
  );
}

/** The form's id, the new version, its title and introduction. */
function GeneralFields({
  form,
  publishedVersion,
  onChange,
}: {
  form: FormDraft;
  publishedVersion: string;
  onChange: (update: (form: FormDraft) => FormDraft) => void;
}) {
  const { t } = useTranslation();
  const { errorFor } = useEditorFields();
  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
  return (
    <Paper withBorder radius="md" shadow="xs" p={{ base: 'sm', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('formEditor.general.heading')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="xs">
          <TextInput
            id={editorFieldId('formId')}
            name="formId"
            label={t('formEditor.general.formId')}
            description={t('formEditor.general.formIdHelp')}
            value={form.formId}
            required
            spellCheck={false}
            styles={mono}
            error={errorFor('formId')}
            onChange={(event) => {
              const formId = event.currentTarget.value;
              onChange((current) => ({ ...current, formId }));
            }}
          />
          <TextInput
            id={editorFieldId('version')}
            name="version"
            label={t('formEditor.general.version')}
            description={t('formEditor.general.versionHelp', { version: publishedVersion })}
            value={form.version}
            required
            spellCheck={false}
            styles={mono}
            error={errorFor('version')}
            onChange={(event) => {
              const version = event.currentTarget.value;
              onChange((current) => ({ ...current, version }));
            }}
          />
        </SimpleGrid>
        <LocalisedInputs
          path="title"
          value={form.title}
          labels={{ de: t('formEditor.general.titleDe'), en: t('formEditor.general.titleEn') }}
          onChange={(language, text) => onChange((current) => setTitle(current, language, text))}
        />
        <LocalisedInputs
          path="description"
          value={form.description}
          required={false}
          multiline
          labels={{ de: t('formEditor.general.descriptionDe'), en: t('formEditor.general.descriptionEn') }}
          onChange={(language, text) => onChange((current) => setDescription(current, language, text))}
        />
      </Stack>
    </Paper>
  );
}

/** How far the draft is from being published, in one line: just published, ready, or a count of problems. */
function PublishStatus({
  problems,
  tried,
  draft,
  published,
}: {
  problems: DraftProblem[];
  tried: boolean;
  draft: FormDraft;
  /** The version just published, while nothing was changed since. */
  published: string | undefined;
}) {
  const { t } = useTranslation();
  if (published !== undefined)
    return (
      <Text size="sm" fw={500} c="teal.9" role="status">
        {t('formEditor.publish.published', { version: published })}
      </Text>
    );
  if (problems.length === 0)
    return (
      <Text size="sm" fw={500} c="teal.9">
        {t('formEditor.publish.ready', { version: draft.version })}
      </Text>
    );
  return (
    <Text size="sm" fw={tried ? 600 : 400} c={tried ? 'red.8' : 'dimmed'}>
      {t('formEditor.publish.problems', { count: problems.length })}
    </Text>
  );
}

/** After a try to publish: every problem, each a link to its field. */
function ProblemSummary({
  problems,
  draft,
  summaryRef,
  publishedVersion,
}: {
  problems: DraftProblem[];
  draft: FormDraft;
  summaryRef: React.RefObject<HTMLDivElement | null>;
  publishedVersion: string;
}) {
  const { t } = useTranslation();
  const shown = problems.slice(0, 12);
  return (
    <Alert
      ref={summaryRef}
      tabIndex={-1}
      color="red"
      variant="light"
      title={t('formEditor.publish.problems', { count: problems.length })}
      data-testid="form-editor-summary"
      styles={{ message: { color: 'var(--mantine-color-text)' } }}
    >
      <List size="sm" spacing={2}>
        {shown.map((problem) => (
          <List.Item key={`${problem.path}:${problem.rule}`}>
            <Anchor
              href={`#${editorFieldId(problem.path)}`}
              size="sm"
              onClick={(event) => {
                const target = document.getElementById(editorFieldId(problem.path));
                if (!target) return;
                event.preventDefault();
                target.focus();
                target.scrollIntoView({ block: 'center' });
              }}
            >
              {whereIs(t, draft, problem.path)}
            </Anchor>
            : {problemMessage(t, problem, publishedVersion)}
          </List.Item>
        ))}
      </List>
      {problems.length > shown.length && (
        <Text size="sm" mt={4} c="dimmed">
          {t('formEditor.publish.more', { count: problems.length - shown.length })}
        </Text>
      )}
    </Alert>
  );
}

/** Where in the form a path points, in words: "Section 2 › Question 5 (German)". */
export function whereIs(t: TFunction, form: FormDraft, path: string): string {
  const parts = path.split('.');
  const language = parts.at(-1) === 'de' ? ' (DE)' : parts.at(-1) === 'en' ? ' (EN)' : '';
  if (parts[0] === 'sections' && parts[1] !== undefined) {
    const s = Number(parts[1]);
    const section = t('formEditor.where.section', { number: s + 1 });
    if (parts[2] !== 'items' || parts[3] === undefined) return `${section}${language}`;
    const before = form.sections.slice(0, s).reduce((sum, current) => sum + current.items.length, 0);
    return `${section} › ${t('formEditor.where.question', { number: before + Number(parts[3]) + 1 })}${language}`;
  }
  if (parts[0] === 'scales' && parts[1] !== undefined) {
    const scale = parts[1];
    let number = 0;
    for (const section of form.sections)
      for (const item of section.items) {
        number++;
        if ((item.type === 'choice' || item.type === 'multi_choice') && item.scale === scale)
          return `${t('formEditor.where.question', { number })}${language}`;
        if (item.type === 'persons' && item.roleScale === scale)
          return `${t('formEditor.where.question', { number })}${language}`;
      }
    return t('formEditor.where.list', { id: scale });
  }
  if (parts[0] === 'danger') return t('formEditor.where.danger');
  return `${t('formEditor.where.form')}${language}`;
}

/** A problem in the admin's language. */
export function problemMessage(t: TFunction, problem: DraftProblem, publishedVersion: string): string {
  return t(`formEditor.rules.${problem.rule}`, { limit: problem.limit, version: publishedVersion });
}
