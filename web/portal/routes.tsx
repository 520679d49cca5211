import { Box, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type RouteObject, useParams } from 'react-router';
import { ErrorPage } from '../pages/ErrorPage.tsx';
import { DialoguePage } from './DialoguePage.tsx';
import { PortalPage } from './PortalPage.tsx';
import { PortalHeading, PortalLayout, usePortalTitle } from './portal-layout.tsx';

/**
 * The public reporting portal, outside the team's app shell: `/report/:tenant` (the form),
 * `/report/:tenant/:unit` (the form for the unit the link names) and `/report/:tenant/dialogue` (replies).
 */
export const portalRoutes: RouteObject[] = [
  {
    path: 'report/:tenant',
    errorElement: (
      <Box p="lg">
        <ErrorPage />
      </Box>
    ),
    children: [
      { index: true, element: <PortalPage /> },
      { path: 'dialogue', element: <DialoguePage /> },
      { path: ':unit', element: <PortalPage /> },
      { path: '*', element: <PortalNotFound /> },
    ],
  },
];

function PortalNotFound() {
  const { tenant = '' } = useParams();
  const { t } = useTranslation();
  usePortalTitle(t('portal.notFound.title'), undefined);
  return (
    <PortalLayout tenant={tenant} organisation={undefined}>
      <Stack gap="sm">
        <PortalHeading>{t('portal.notFound.title')}</PortalHeading>
        <Text>{t('portal.notFound.text')}</Text>
      </Stack>
    </PortalLayout>
  );
}
