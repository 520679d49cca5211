/// <reference types="vite/client" />
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setNonce } from 'get-nonce';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { routes } from './App.tsx';
import { isSignedOutError, sessionQueryKey } from './api/auth.ts';
import { ApiError } from './api/client.ts';
import { i18n } from './i18n/index.ts';
import { cssVariablesResolver, theme } from './theme.ts';

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    // A 401 anywhere means the session ended (expired, revoked elsewhere): ask who is signed in, so the
    // header and the sign-in guards follow.
    onError: (error, query) => {
      if (isSignedOutError(error) && query.queryKey[0] !== sessionQueryKey[0]) {
        void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
      }
    },
  }),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network trouble and 5xx often do.
      retry: (failureCount, error) =>
        failureCount < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

const router = createBrowserRouter(routes);

// The server's Content-Security-Policy admits inline <style> elements only with this page load's nonce:
// Mantine gets it through getStyleNonce, and the scroll lock of its modals and drawers through get-nonce.
const styleNonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
if (styleNonce) setNonce(styleNonce);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
      getStyleNonce={styleNonce ? () => styleNonce : undefined}
    >
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </I18nextProvider>
    </MantineProvider>
  </StrictMode>,
);
