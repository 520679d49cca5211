import { Center, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

// The image types TMA accepts as attachments and documents; each is decoded and re-encoded on arrival
// (server/modules/attachments/reencode-image.ts), so what the browser draws here is that clean copy.
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** Whether a file of this media type gets a thumbnail. */
export function isImageType(contentType: string): boolean {
  return imageTypes.has(contentType.toLowerCase());
}

/**
 * A small square picture of an image attachment or document, loaded only when it scrolls into view.
 * `src` must be the cleaned file's address (never a kept original). Decorative: the file's name stands beside
 * it, so it has an empty alternative text. A file the browser cannot draw shows "No preview" instead.
 */
export function AttachmentThumbnail({ src, size = 56 }: { src: string; size?: number }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const frame = {
    width: size,
    height: size,
    flex: 'none',
    borderRadius: 'var(--mantine-radius-sm)',
    border: '1px solid var(--mantine-color-default-border)',
  } as const;
  if (failed)
    return (
      <Center style={frame} bg="var(--mantine-color-default-hover)" data-testid="attachment-thumbnail-failed">
        <Text size="xs" c="dimmed" ta="center" lh={1.1} px={2}>
          {t('shell.attachments.thumbnailFailed')}
        </Text>
      </Center>
    );
  return (
    <img
      src={src}
      alt=""
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      draggable={false}
      data-testid="attachment-thumbnail"
      onError={() => setFailed(true)}
      style={{ ...frame, display: 'block', objectFit: 'cover', background: 'var(--mantine-color-gray-1)' }}
    />
  );
}
