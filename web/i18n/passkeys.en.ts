// English messages of passkeys: the account page's card, the sign-in button and the second-factor option.
// passkeys.de.ts must have exactly these keys.
export const passkeysEn = {
  card: {
    heading: 'Passkeys',
    intro:
      "A passkey signs you in with your device's screen lock or a security key instead of your password. After your password, it also serves as the second step.",
    requiredHint: "A passkey also meets your organisation's requirement for two-step sign-in.",
    loading: 'Loading your passkeys…',
    errorTitle: 'Your passkeys could not be loaded',
    none: 'You have no passkeys yet.',
    add: 'Add a passkey',
    addTitle: 'Add a passkey',
    addText: 'Give the passkey a name so you can tell it apart, then follow the prompt of your browser.',
    addTextPassword:
      'Give the passkey a name so you can tell it apart and enter your password, then follow the prompt of your browser.',
    name: 'Name',
    nameDescription: 'For example “Work laptop” or “Security key”.',
    defaultName: 'Passkey',
    continue: 'Continue',
    cancel: 'Cancel',
    added: 'Passkey “{{name}}” added.',
    removed: 'Passkey “{{name}}” removed.',
    created: 'Added',
    lastUsed: 'Last used',
    neverUsed: 'Not used yet',
    synced: 'Synced',
    remove: 'Remove',
    removeNamed: 'Remove passkey {{name}}',
    removeTitle: 'Remove passkey',
    removeText: 'You can no longer sign in with “{{name}}”.',
    removeTextPassword: 'You can no longer sign in with “{{name}}”. Enter your password to confirm.',
    removeConfirm: 'Remove passkey',
    wrongPassword: 'The password is not correct.',
    cancelled: 'No passkey was created: the prompt was cancelled or timed out.',
    exists: 'This device or security key already holds a passkey for your account.',
    unsupported: 'This browser cannot create passkeys.',
    invalid: 'The passkey could not be verified. Please try again.',
    originMismatch:
      'Passkeys of this TMA belong to another address than this page ({{here}}). Open TMA at the address below, or ask your administrator to set TMA_PUBLIC_URL to the address you use.',
    needsHostName:
      'Passkeys work only at an address with a host name, not an IP address such as {{here}}. Open TMA at the address below, or ask your administrator to set TMA_PUBLIC_URL.',
  },
  login: {
    or: 'or',
    signIn: 'Sign in with a passkey',
    organisationFirst: 'Enter your organisation first.',
    failed:
      'The passkey was not accepted. Use a passkey of this organisation, or sign in with your e-mail address and password.',
    cancelled: 'Signing in with a passkey was cancelled or timed out.',
    unsupported: 'This browser cannot sign in with passkeys.',
  },
  secondFactor: {
    use: 'Use a passkey',
    or: 'or enter a code',
    failed: 'The passkey was not accepted. Try again, or enter the code from the app.',
    none: 'This account has no passkey. Enter the code from the app.',
    cancelled: 'The passkey prompt was cancelled or timed out.',
  },
};
