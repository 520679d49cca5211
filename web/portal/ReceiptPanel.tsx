import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay, useLocalised } from './localised.ts';
import { PortalHeading } from './portal-layout.tsx';
import type { ReportSent } from './ReportForm.tsx';
import { formatReceipt, receiptGroups, spokenReceipt } from './receipt.ts';

/**
 * Shown once, right after a report was sent: the receipt, large and grouped, with a copy button, advice to
 * write it down, and a checkbox to confirm that before leaving. The receipt lives only in this component's
 * props: never in storage or the address, and gone once the reporter moves on.
 */
export function ReceiptPanel({
  sent,
  dialoguePath,
  onDone,
}: {
  sent: ReportSent;
  dialoguePath: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  const heading = useRef<HTMLHeadingElement>(null);
  const checkbox = useRef<HTMLInputElement>(null);
  const receiptText = useRef<HTMLDivElement>(null);
  const labelId = useId();
  const [noted, setNoted] = useState(false);
  const [notedMissing, setNotedMissing] = useState(false);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const receipt = sent.receipt;

  // The form that had the focus is gone: start reading from the heading.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  // Closing the tab before confirming asks first (browsers show their own wording).
  useEffect(() => {
    if (!receipt || noted) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [receipt, noted]);

  const copyReceipt = async () => {
    if (!receipt) return;
    try {
      await navigator.clipboard.writeText(formatReceipt(receipt));
      setCopy('copied');
    } catch {
      // No clipboard (a page served over plain HTTP, or a browser that refuses): select it for the reporter.
      const range = document.createRange();
      if (receiptText.current) range.selectNodeContents(receiptText.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopy('failed');
    }
  };

  /** Leaving needs the checkbox; without it, the focus goes there with the reason. */
  const confirmed = (): boolean => {
    if (!receipt || noted) return true;
    setNotedMissing(true);
    checkbox.current?.focus();
    return false;
  };

  const thanks = sent.unitName
    ? t('portal.receipt.thanks', { unit: sent.unitName })
    : t('portal.receipt.thanksGeneral');

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <PortalHeading headingRef={heading}>{t('portal.receipt.title')}</PortalHeading>
        <Text>
          {thanks} {t('portal.receipt.receivedOn', { date: formatDay(sent.receivedOn, language) })}
        </Text>
      </Stack>

      {receipt ? (
        <Paper
          withBorder
          p={{ base: 'md', sm: 'xl' }}
          style={{ borderWidth: 2, borderColor: 'var(--mantine-color-blue-8)' }}
        >
          <Stack gap="md">
            <div>
              <Text id={labelId} fw={700} fz="lg">
                {t('portal.receipt.label')}
              </Text>
              <SimpleGrid
                ref={receiptText}
                aria-hidden="true"
                data-testid="receipt"
                cols={{ base: 2, xs: 4 }}
                spacing="0.6em"
                verticalSpacing={0}
                w="fit-content"
                ff="monospace"
                fw={700}
                fz={{ base: 34, sm: 44 }}
                lh={1.3}
                c="dark.9"
                my="xs"
                style={{ letterSpacing: '0.04em' }}
              >
                {receiptGroups(receipt).map((group, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the groups are fixed positions of one number
                  <span key={index}>{group}</span>
                ))}
              </SimpleGrid>
              <VisuallyHidden>
                {t('portal.receipt.spokenLabel')} {spokenReceipt(receipt)}
              </VisuallyHidden>
            </div>
            <Group gap="sm">
              <Button variant="default" onClick={() => void copyReceipt()} aria-describedby={labelId}>
                {copy === 'copied' ? t('portal.receipt.copied') : t('portal.receipt.copy')}
              </Button>
              <div role="status">
                {copy === 'copied' && <VisuallyHidden>{t('portal.receipt.copied')}</VisuallyHidden>}
              </div>
            </Group>
            {copy === 'failed' && (
              <Text size="sm" role="status">
                {t('portal.receipt.copyFailed')}
              </Text>
            )}
            <Alert
              color="orange"
              variant="light"
              title={t('portal.receipt.adviceTitle')}
              role="note"
              styles={{
                title: { color: 'var(--mantine-color-dark-9)' },
                message: { color: 'var(--mantine-color-text)' },
              }}
            >
              <List spacing={4} size="sm">
                <List.Item>{t('portal.receipt.advice1')}</List.Item>
                <List.Item>{t('portal.receipt.advice2')}</List.Item>
                <List.Item>{t('portal.receipt.advice3')}</List.Item>
              </List>
            </Alert>
            <Checkbox
              ref={checkbox}
              size="md"
              label={t('portal.receipt.noted')}
              checked={noted}
              onChange={(event) => {
                setNoted(event.currentTarget.checked);
                setNotedMissing(false);
              }}
              error={notedMissing ? t('portal.receipt.notedRequired') : undefined}
            />
          </Stack>
        </Paper>
      ) : (
        <Text>{t('portal.receipt.noReceipt')}</Text>
      )}

      <Stack gap="xs" align="flex-start">
        <Group gap="sm">
          <Button
            size="md"
            onClick={() => {
              if (confirmed()) onDone();
            }}
          >
            {t('portal.receipt.done')}
          </Button>
          {receipt && (
            <Anchor
              component={Link}
              to={dialoguePath}
              onClick={(event) => {
                if (!confirmed()) event.preventDefault();
              }}
              fw={500}
            >
              {t('portal.receipt.toDialogue')}
            </Anchor>
          )}
        </Group>
        {receipt && (
          <Text size="sm" c="dimmed">
            {t('portal.receipt.dialogueHint')}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
