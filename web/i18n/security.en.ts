// English messages of the sign-in security settings (/admin/security) and the single sign-on button on the
// login page; security.de.ts must have exactly these keys (en.ts and de.ts include both as `security`).
export const securityEn = {
  nav: 'Security',
  title: 'Sign-in security',
  intro: 'How people of your organisation sign in to TMA: two-step sign-in and single sign-on.',
  loadError: 'The settings could not be loaded: {{message}}',
  twoStep: {
    heading: 'Two-step sign-in',
    help: 'People in the roles you tick must set up an authenticator app. Until they have, they can only do that. This applies at once, also to sessions already open.',
    roles: 'Required for',
    ownRoleWarning:
      'Your own role is included: without an authenticator app you will only be able to set one up.',
    save: 'Save two-step sign-in',
    saved: 'Two-step sign-in saved.',
  },
  sso: {
    heading: 'Single sign-on (OpenID Connect)',
    help: 'People sign in with your organisation’s identity provider, e.g. Microsoft Entra ID, Okta or Keycloak. Register TMA there as a web application with the redirect address below.',
    callbackUrl: 'Redirect address to register at the provider',
    copy: 'Copy',
    copied: 'Copied',
    enabled: 'Offer single sign-on on the login page',
    issuerUrl: 'Issuer URL',
    issuerUrlHelp: 'The provider’s address, e.g. https://login.microsoftonline.com/<tenant>/v2.0',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    clientSecretStored: 'A secret is stored. Leave empty to keep it.',
    clientSecretNone: 'No secret stored (a public client with PKCE).',
    removeSecret: 'Remove the stored secret',
    buttonLabel: 'Button text on the login page',
    buttonLabelHelp: 'e.g. “Sign in with Contoso ID”',
    roleClaim: 'Claim with the roles or groups',
    roleClaimHelp: 'The ID token claim TMA reads, e.g. groups or roles.',
    mapping: 'Role mapping',
    mappingHelp:
      'The first line whose value the user has decides the role. The role is checked at every sign-in.',
    claimValue: 'Claim value',
    role: 'TMA role',
    addMapping: 'Add a line',
    removeMapping: 'Remove line {{value}}',
    defaultRole: 'Users whose claim matches no line',
    refuse: 'Refuse the sign-in',
    defaultAs: 'Sign in as {{role}}',
    createUsers: 'Create accounts at the first sign-in',
    createUsersHelp:
      'Otherwise only people who already have a TMA account with the same e-mail address can sign in.',
    allowedDomains: 'Allowed e-mail domains',
    allowedDomainsHelp: 'Press Enter after each domain. Empty: every domain the provider vouches for.',
    mfaNote:
      'Where two-step sign-in is required, TMA accepts the provider’s multi-factor sign-in only if the ID token says so (amr contains “mfa”); otherwise it asks for its own code.',
    save: 'Save single sign-on',
    saved: 'Single sign-on saved.',
  },
  login: {
    button: 'Sign in with single sign-on',
    errorTitle: 'Single sign-on did not work',
    errors: {
      state_invalid: 'The sign-in expired or was started in another browser. Please try again.',
      provider_error:
        'The identity provider could not be reached or its answer was not valid. Please try again later or ask your administrator.',
      account_refused:
        'Your organisation does not allow this account to sign in to TMA. Ask your administrator.',
      unavailable: 'Single sign-on is not available for this organisation.',
    },
  },
  contentAccess: {
    heading: 'Admins and the content of reports and cases',
    help: 'Administration is not access to content: admins manage users, units and settings and see the metadata of reports and cases (references, units, status, dates), not what reports and cases say. An admin who also works as a threat manager gets that role for their units from another admin. Every change here is recorded in the audit log.',
    adminsReadContent: 'Admins read the content of every report and case',
  },
};
