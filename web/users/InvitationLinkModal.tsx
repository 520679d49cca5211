import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type InvitationAnswer, invitationLinkUrl } from '../api/users.ts';
import { formatMoment } from '../cases/case-times.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * The invitation link of a server that sends no e-mail: the admin copies it and passes it on. Shown once,
 * after inviting or inviting again; the server never answers it again (a new invitation makes a new link).
 */
export function InvitationLinkModal({
  answer,
  onClose,
}: {
  answer: InvitationAnswer | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const url = answer && invitationLinkUrl(answer);
  const until = answer?.invitationLink
    ? formatMoment(answer.invitationLink.expiresAt, currentLanguage())
    : '';
  return (
    <Modal
      opened={url !== undefined}
      onClose={onClose}
      title={t('users.invite.linkTitle')}
      centered
      size="lg"
      closeButtonProps={{ 'aria-label': t('users.invite.closeLabel') }}
    >
      {answer && url && (
        <Stack gap="md">
          <Alert color="orange" variant="light" title={t('users.invite.linkAlertTitle')}>
            {t('users.invite.linkText', { name: answer.displayName, until })}
          </Alert>
          <TextInput
            label={t('users.invite.linkLabel', { email: answer.email })}
            value={url}
            readOnly
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
            data-testid="invitation-link"
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button onClick={copy}>{copied ? t('users.invite.copied') : t('users.invite.copy')}</Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              {t('users.invite.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
