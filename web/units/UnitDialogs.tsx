import { NativeSelect, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import {
  slugFromName,
  slugPattern,
  type UnitSummary,
  useCreateUnit,
  useMoveUnit,
  useRenameUnit,
} from '../api/units.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';

// Creating, renaming and moving a unit. The server checks the same rules (server/modules/units/service.ts);
// the forms offer only what it would take: a parent is a top-level unit, never the unit itself.

const UNIT_ERRORS = [
  'unit_exists',
  'unit_slug_reserved',
  'unit_cycle',
  'unit_too_deep',
  'unit_has_children',
  'unit_parent_not_found',
  'unit_not_found',
] as const;

/** The server's codes for a refused change, in the interface language; other errors as they came. */
function explained(error: Error | null, t: TFunction): Error | null {
  if (!(error instanceof ApiError)) return error;
  const code = UNIT_ERRORS.find((known) => known === error.code);
  return code ? new Error(t(`units.errors.${code}`)) : error;
}

/** The units a unit may hang under: top-level units other than itself. */
function parentChoices(units: UnitSummary[], except?: string) {
  return units.filter((unit) => unit.parentId === null && unit.id !== except);
}

export function CreateUnitDialog({
  units,
  onClose,
  onDone,
}: {
  units: UnitSummary[];
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateUnit();
  const [name, setName] = useState('');
  // Follows the name until typed into.
  const [slug, setSlug] = useState<string | null>(null);
  const [parentId, setParentId] = useState('');
  const [tried, setTried] = useState(false);
  const shownSlug = slug ?? slugFromName(name);
  const nameMissing = tried && name.trim() === '';
  const slugProblem = !tried
    ? undefined
    : shownSlug === ''
      ? t('units.form.required')
      : slugPattern.test(shownSlug)
        ? undefined
        : t('units.form.slugInvalid');

  const submit = () => {
    setTried(true);
    if (name.trim() === '' || !slugPattern.test(shownSlug)) return;
    const trimmed = name.trim();
    create.mutate(
      { name: trimmed, slug: shownSlug, parentId: parentId === '' ? null : parentId },
      { onSuccess: () => onDone(trimmed) },
    );
  };

  return (
    <ActionDialog
      title={t('units.create.title')}
      submitLabel={t('units.create.submit')}
      pending={create.isPending}
      error={explained(create.error, t)}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextInput
        label={t('units.form.name')}
        description={t('units.form.nameDescription')}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={nameMissing ? t('units.form.required') : undefined}
        maxLength={200}
        required
        data-autofocus
      />
      <TextInput
        label={t('units.form.slug')}
        description={t('units.form.slugDescription')}
        value={shownSlug}
        onChange={(event) => setSlug(event.currentTarget.value.trim().toLowerCase())}
        error={slugProblem}
        maxLength={40}
        required
        autoCapitalize="none"
        spellCheck={false}
      />
      <NativeSelect
        label={t('units.form.parent')}
        description={t('units.form.parentDescription')}
        value={parentId}
        onChange={(event) => setParentId(event.currentTarget.value)}
        data={[
          { value: '', label: t('units.form.topLevel') },
          ...parentChoices(units).map((unit) => ({ value: unit.id, label: unit.name })),
        ]}
      />
    </ActionDialog>
  );
}

export function RenameUnitDialog({
  unit,
  onClose,
  onDone,
}: {
  unit: UnitSummary;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const rename = useRenameUnit();
  const [name, setName] = useState(unit.name);
  const [tried, setTried] = useState(false);
  const submit = () => {
    setTried(true);
    const trimmed = name.trim();
    if (trimmed === '') return;
    rename.mutate({ id: unit.id, name: trimmed }, { onSuccess: () => onDone(trimmed) });
  };
  return (
    <ActionDialog
      title={t('units.rename.title', { name: unit.name })}
      intro={t('units.rename.intro')}
      submitLabel={t('units.rename.submit')}
      pending={rename.isPending}
      error={explained(rename.error, t)}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextInput
        label={t('units.form.name')}
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={tried && name.trim() === '' ? t('units.form.required') : undefined}
        maxLength={200}
        required
        data-autofocus
      />
    </ActionDialog>
  );
}

/**
 * Moves a unit under another top-level unit or to the top. A unit with sub-units stays where it is (the
 * tree is two levels deep), so the picker never offers a cycle: only top-level units other than this one.
 */
export function MoveUnitDialog({
  unit,
  units,
  onClose,
  onDone,
}: {
  unit: UnitSummary;
  units: UnitSummary[];
  onClose: () => void;
  onDone: (parent: UnitSummary | null) => void;
}) {
  const { t } = useTranslation();
  const move = useMoveUnit();
  const [parentId, setParentId] = useState(unit.parentId ?? '');
  const hasChildren = units.some((other) => other.parentId === unit.id);
  const choices = parentChoices(units, unit.id);
  const blocked = hasChildren || (unit.parentId === null && choices.length === 0);
  const submit = () => {
    const target = parentId === '' ? null : parentId;
    if (target === unit.parentId) return onClose();
    move.mutate(
      { id: unit.id, parentId: target },
      { onSuccess: () => onDone(units.find((other) => other.id === target) ?? null) },
    );
  };
  return (
    <ActionDialog
      title={t('units.move.title', { name: unit.name })}
      intro={t('units.move.intro')}
      submitLabel={t('units.move.submit')}
      hideSubmit={blocked}
      pending={move.isPending}
      error={explained(move.error, t)}
      onSubmit={submit}
      onClose={onClose}
    >
      {blocked ? (
        <Text role="note">
          {hasChildren ? t('units.move.hasChildren', { name: unit.name }) : t('units.move.noTargets')}
        </Text>
      ) : (
        <NativeSelect
          label={t('units.move.newParent')}
          description={t('units.form.parentDescription')}
          value={parentId}
          onChange={(event) => setParentId(event.currentTarget.value)}
          data={[
            { value: '', label: t('units.form.topLevel') },
            ...choices.map((choice) => ({
              value: choice.id,
              label:
                choice.id === unit.parentId ? t('units.move.current', { name: choice.name }) : choice.name,
            })),
          ]}
          data-autofocus
        />
      )}
    </ActionDialog>
  );
}
