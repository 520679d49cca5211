import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Combobox,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  useCombobox,
} from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/auth.ts';
import { useCaseTeam } from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { useWriteComment } from '../api/collaboration.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { insertMention, type Mentionable, mentionedIn, mentionMatches, mentionQueryAt } from './mentions.ts';

/**
 * The write box of the team's discussion. It looks unlike anything that writes to a reporter: grey, with
 * a violet "Internal" edge and a badge saying the reporter never reads it. "@" and a name mention a team
 * member (they are told, without the text); threat managers can keep a comment to the managers.
 */
export function CommentComposer({
  detail,
  onPosted,
}: {
  detail: CaseDetail;
  onPosted: (told: number) => void;
}) {
  const { t } = useTranslation();
  const write = useWriteComment(detail.id);
  const team = useCaseTeam(detail.id);
  const { data: session } = useSession();
  const me = session?.user.id;
  const [text, setText] = useState('');
  const [managersOnly, setManagersOnly] = useState(false);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [missing, setMissing] = useState(false);
  const [typing, setTyping] = useState<{ start: number; caret: number; query: string } | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const combobox = useCombobox();

  // Experts never read a managers-only comment: it mentions no one of them.
  const people: Mentionable[] = (team.data ?? [])
    .filter((member) => member.user.id !== me && (!managersOnly || member.user.role !== 'expert'))
    .map((member) => ({ id: member.user.id, name: member.user.name }));
  const offered = typing ? mentionMatches(people, typing.query) : [];
  const mayHear = (person: Mentionable) => people.some((p) => p.id === person.id);
  const mentions = mentionedIn(text, picked.filter(mayHear));
  const leftOut = mentionedIn(
    text,
    picked.filter((person) => !mayHear(person)),
  );

  const follow = (value: string, caret: number) => {
    const found = mentionQueryAt(value, caret);
    setTyping(found ? { ...found, caret } : null);
    if (found && mentionMatches(people, found.query).length > 0) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
  };

  const pick = (id: string) => {
    const person = people.find((p) => p.id === id);
    if (!person || !typing) return;
    const next = insertMention(text, typing.start, typing.caret, person.name);
    setText(next.text);
    setPicked((current) => [...current.filter((p) => p.id !== id), person]);
    setTyping(null);
    combobox.closeDropdown();
    requestAnimationFrame(() => field.current?.setSelectionRange(next.caret, next.caret));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    write.mutate(
      { text: text.trim(), mentions: mentions.map((person) => person.id), managersOnly },
      {
        onSuccess: () => {
          setText('');
          setPicked([]);
          setManagersOnly(false);
          onPosted(mentions.length);
        },
      },
    );
  };

  const accent = managersOnly ? 'var(--mantine-color-orange-7)' : 'var(--mantine-color-violet-6)';
  return (
    <Paper
      p="md"
      bg="gray.0"
      style={{ border: '1px dashed var(--mantine-color-violet-4)', borderLeft: `6px solid ${accent}` }}
      data-testid="comment-composer"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group gap="xs" wrap="wrap">
            <Badge color="violet" variant="filled" radius="sm">
              {t('cases.comments.internal')}
            </Badge>
            <Text size="sm" fw={500}>
              {t('cases.comments.internalNote')}
            </Text>
          </Group>
          <Combobox store={combobox} onOptionSubmit={pick}>
            <Combobox.Target>
              <Textarea
                ref={field}
                label={t('cases.comments.label')}
                description={t('cases.comments.description')}
                autosize
                minRows={3}
                maxRows={12}
                maxLength={10_000}
                value={text}
                error={missing ? t('reports.actions.required') : undefined}
                onChange={(event) => {
                  const { value, selectionStart } = event.currentTarget;
                  setText(value);
                  setMissing(false);
                  follow(value, selectionStart);
                }}
                onBlur={() => combobox.closeDropdown()}
              />
            </Combobox.Target>
            <Combobox.Dropdown hidden={offered.length === 0}>
              <Combobox.Options aria-label={t('cases.comments.mentionOptions')}>
                {offered.map((person) => (
                  <Combobox.Option value={person.id} key={person.id}>
                    @{person.name}
                  </Combobox.Option>
                ))}
              </Combobox.Options>
            </Combobox.Dropdown>
          </Combobox>
          {mentions.length > 0 && (
            <Group gap={6} wrap="wrap" data-testid="comment-mentions">
              <Text size="sm">{t('cases.comments.willTell')}</Text>
              {mentions.map((person) => (
                <Badge
                  key={person.id}
                  variant="light"
                  color="violet"
                  radius="sm"
                  tt="none"
                  rightSection={
                    <CloseButton
                      size="xs"
                      aria-label={t('cases.comments.dontTell', { name: person.name })}
                      onClick={() => setPicked((current) => current.filter((p) => p.id !== person.id))}
                    />
                  }
                >
                  {person.name}
                </Badge>
              ))}
            </Group>
          )}
          {detail.can.read_managers_only && (
            <Checkbox
              label={t('cases.comments.managersOnly')}
              description={t('cases.comments.managersOnlyDescription')}
              checked={managersOnly}
              onChange={(event) => setManagersOnly(event.currentTarget.checked)}
            />
          )}
          {leftOut.length > 0 && (
            <Alert color="orange" variant="light">
              {t('cases.comments.leftOut', { names: leftOut.map((person) => person.name).join(', ') })}
            </Alert>
          )}
          <ErrorAlert error={write.error} />
          <Group justify="flex-end">
            <Button type="submit" color="violet" loading={write.isPending}>
              {managersOnly ? t('cases.comments.postManagers') : t('cases.comments.post')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
