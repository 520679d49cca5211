// English messages of the first-run setup (/setup) and its notice on the sign-in page; setup.de.ts must have
// exactly these keys (en.ts and de.ts include both as `setup`).
export const setupEn = {
  title: 'Set up TMA',
  checking: 'Checking whether TMA is set up…',
  intro:
    'TMA has no organisation yet. Create the organisation that will use it and its first administrator: you sign in with them afterwards and add units, colleagues and the reporting portal from there.',
  organisationHeading: 'Organisation',
  organisationName: 'Name of the organisation',
  organisationNameHint: 'As your colleagues know it, e.g. “ACME Corporation”.',
  slug: 'Short name',
  slugHint:
    'Typed at sign-in and part of the portal address: lower-case letters, digits and hyphens, up to 40 characters.',
  slugInvalid:
    'Use lower-case letters, digits and hyphens only (not at the start or end), up to 40 characters.',
  adminHeading: 'First administrator',
  adminName: 'Your name',
  email: 'E-mail address',
  emailInvalid: 'Enter an e-mail address such as ada@example.com.',
  password: 'Password',
  passwordRules: 'At least 12 characters and not easy to guess: a few unrelated words work well.',
  repeatPassword: 'Repeat the password',
  mismatch: 'The two passwords differ.',
  required: 'Fill in this field.',
  showPassword: 'Show password',
  submit: 'Create organisation and administrator',
  weakTitle: 'Choose another password',
  doneTitle: 'TMA is set up',
  done: '{{organisation}} is ready. Sign in with the organisation “{{slug}}”, your e-mail address {{email}} and your password.',
  signIn: 'Sign in',
  setUpAlreadyTitle: 'TMA is set up already',
  setUpAlready:
    'This TMA has an organisation already. Sign in, or ask one of its administrators for an account.',
  commandLineTitle: 'Set up TMA at the command line',
  notLocal:
    'Setting TMA up in the browser works only on the computer TMA runs on, at http://localhost. Open it there, or create the organisation and its first administrator with the tma command:',
  externalDatabase:
    'This TMA runs on PostgreSQL: create the organisation and its first administrator with the tma command, where TMA is installed and with the same settings (DATABASE_URL):',
  stopFirst:
    'On the embedded database, stop TMA first (Ctrl+C): only one program may use the data folder at a time. Start it again afterwards.',
  passwordAsked:
    '“user create” asks for the password (at least 12 characters, not easy to guess). Then sign in with the organisation “acme”.',
  commandsLabel: 'Commands to run',
  loadError: 'Whether TMA is set up could not be checked.',
  notice: {
    openTitle: 'TMA has no organisation yet',
    open: 'Before anyone can sign in, create the first organisation and its administrator.',
    openAction: 'Set up TMA',
    closedTitle: 'TMA has no organisation yet',
    closed: 'The first organisation and its administrator are created with the tma command.',
    closedAction: 'Show what to run',
  },
};
