import { AppShell, Box, ScrollArea, useMatches } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, type RouteObject, useLocation } from 'react-router';
import { AccessReviewPage } from './access-review/AccessReviewPage.tsx';
import { ForgotPasswordPage } from './account-links/ForgotPasswordPage.tsx';
import { InvitationPage } from './account-links/InvitationPage.tsx';
import { ResetPasswordPage } from './account-links/ResetPasswordPage.tsx';
import { ApiTokensPage } from './admin/ApiTokensPage.tsx';
import { AssessmentSettingsPage } from './admin/AssessmentSettingsPage.tsx';
import { CaseCategoriesPage } from './admin/CaseCategoriesPage.tsx';
import { CaseTemplatesPage } from './admin/CaseTemplatesPage.tsx';
import { DocumentSettingsPage } from './admin/DocumentSettingsPage.tsx';
import { MeasureTypesPage } from './admin/MeasureTypesPage.tsx';
import { PortalSettingsPage } from './admin/PortalSettingsPage.tsx';
import { ServerStatusPage } from './admin/ServerStatusPage.tsx';
import { useSession } from './api/auth.ts';
import { DueReviewsPage } from './assessments/DueReviewsPage.tsx';
import { ModelsPage } from './assessments/ModelsPage.tsx';
import { ModelVersionPage } from './assessments/ModelVersionPage.tsx';
import { AuditPage } from './audit/AuditPage.tsx';
import { CasePage } from './cases/CasePage.tsx';
import { CasesPage } from './cases/CasesPage.tsx';
import { AppHeader } from './components/AppHeader.tsx';
import { MainNavigation } from './components/MainNavigation.tsx';
import { SkipLink } from './components/SkipLink.tsx';
import { DashboardPage } from './dashboard/DashboardPage.tsx';
import { DataSubjectsPage } from './data-subjects/DataSubjectsPage.tsx';
import { DeletionCertificatesPage } from './deletion/DeletionCertificatesPage.tsx';
import { HandbookEditPage, HandbookNewPage } from './handbook/HandbookEditPage.tsx';
import { HandbookHistoryPage } from './handbook/HandbookHistoryPage.tsx';
import { HandbookListPage } from './handbook/HandbookListPage.tsx';
import { HandbookPageView } from './handbook/HandbookPageView.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { VerifyExportPage } from './pages/VerifyExportPage.tsx';
import { portalRoutes } from './portal/routes.tsx';
import { InboxPage } from './reports/InboxPage.tsx';
import { RecordReportPage } from './reports/RecordReportPage.tsx';
import { ReportPage } from './reports/ReportPage.tsx';
import { RetentionPolicyPage } from './retention/RetentionPolicyPage.tsx';
import { SecurityPage } from './security/SecurityPage.tsx';
import { SetupPage } from './setup/SetupPage.tsx';
import { StatisticsPage } from './statistics/StatisticsPage.tsx';
import { UnitsPage } from './units/UnitsPage.tsx';
import { UsersPage } from './users/UsersPage.tsx';
import { HomePage } from './work/HomePage.tsx';

const navigationId = 'main-navigation';
const mainId = 'main-content';

/** The frame around every page: header, navbar (behind a burger on phones) and the page itself. */
export function App() {
  const { t } = useTranslation();
  const [navigationOpen, { toggle, close }] = useDisclosure(false);
  // On phones the closed navbar is only slid out of view: inert keeps it out of the tab order and away from
  // screen readers until the burger opens it.
  const phone = useMatches({ base: true, sm: false }, { getInitialValueInEffect: false });
  const { data: session } = useSession();
  const { pathname } = useLocation();
  // The organisation requires two-step sign-in for this user's role: nothing else works until it is set up.
  const mustEnrol = session?.secondFactorSetupRequired === true && pathname !== '/account';

  return (
    <>
      <SkipLink targetId={mainId} />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navigationOpen } }}
        padding={{ base: 'md', sm: 'lg' }}
      >
        <AppShell.Header>
          <AppHeader
            navigationOpen={navigationOpen}
            onToggleNavigation={toggle}
            navigationId={navigationId}
          />
        </AppShell.Header>
        <AppShell.Navbar
          id={navigationId}
          aria-label={t('nav.label')}
          p="sm"
          inert={phone && !navigationOpen}
        >
          {/* A long menu (an administrator's) scrolls inside the navbar instead of running off the screen. */}
          <AppShell.Section grow component={ScrollArea} type="auto">
            <MainNavigation onNavigate={close} />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id={mainId} tabIndex={-1} style={{ outline: 'none' }}>
          {mustEnrol ? <Navigate to="/account" replace /> : <Outlet />}
        </AppShell.Main>
      </AppShell>
    </>
  );
}

export const routes: RouteObject[] = [
  // The public reporting portal: no shell, no navigation, no sign-in.
  ...portalRoutes,
  {
    element: <App />,
    // Only when the shell itself fails; then there is no frame around the message.
    errorElement: (
      <Box p="lg">
        <ErrorPage />
      </Box>
    ),
    children: [
      {
        // A page that fails shows the error inside the shell, so navigation and language stay usable.
        errorElement: <ErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'setup', element: <SetupPage /> },
          // Pages for signed-in users only go inside <RequireSignIn> (as AccountPage does, or as a layout route).
          { path: 'account', element: <AccountPage /> },
          { path: 'dashboard', element: <DashboardPage /> },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'reports/new', element: <RecordReportPage /> },
          { path: 'reports/:id', element: <ReportPage /> },
          { path: 'cases', element: <CasesPage /> },
          { path: 'cases/:id', element: <CasePage /> },
          { path: 'assessments/due', element: <DueReviewsPage /> },
          { path: 'statistics', element: <StatisticsPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'assessment-models', element: <ModelsPage /> },
          { path: 'assessment-models/:modelId/:version', element: <ModelVersionPage /> },
          { path: 'handbook', element: <HandbookListPage /> },
          { path: 'handbook/new', element: <HandbookNewPage /> },
          { path: 'handbook/:slug', element: <HandbookPageView /> },
          { path: 'handbook/:slug/edit', element: <HandbookEditPage /> },
          { path: 'handbook/:slug/history', element: <HandbookHistoryPage /> },
          { path: 'admin/users', element: <UsersPage /> },
          { path: 'admin/units', element: <UnitsPage /> },
          { path: 'admin/access-review', element: <AccessReviewPage /> },
          { path: 'invitation', element: <InvitationPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          { path: 'admin/portal', element: <PortalSettingsPage /> },
          { path: 'admin/case-categories', element: <CaseCategoriesPage /> },
          { path: 'admin/case-templates', element: <CaseTemplatesPage /> },
          { path: 'admin/measure-types', element: <MeasureTypesPage /> },
          { path: 'admin/documents', element: <DocumentSettingsPage /> },
          { path: 'admin/retention', element: <RetentionPolicyPage /> },
          { path: 'admin/assessments', element: <AssessmentSettingsPage /> },
          { path: 'admin/api-tokens', element: <ApiTokensPage /> },
          { path: 'admin/security', element: <SecurityPage /> },
          { path: 'admin/status', element: <ServerStatusPage /> },
          { path: 'exports/verify', element: <VerifyExportPage /> },
          { path: 'privacy/data-subjects', element: <DataSubjectsPage /> },
          { path: 'admin/deletion-certificates', element: <DeletionCertificatesPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
