import { Anchor } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The first tab stop: lets keyboard users jump past the header and navigation (WCAG 2.4.1). */
export function SkipLink({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  const [focused, setFocused] = useState(false);
  return (
    <Anchor
      href={`#${targetId}`}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(targetId)?.focus();
      }}
      bg="white"
      p="sm"
      fw={600}
      style={{
        position: 'fixed',
        top: 8,
        left: 8,
        zIndex: 1000,
        borderRadius: 'var(--mantine-radius-md)',
        boxShadow: 'var(--mantine-shadow-md)',
        // Off-screen rather than hidden, so that it stays in the tab order.
        transform: focused ? 'none' : 'translateY(-200%)',
      }}
    >
      {t('app.skipToContent')}
    </Anchor>
  );
}
