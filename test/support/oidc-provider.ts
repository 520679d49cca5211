import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** Who signs in at the test provider next, and what it says about them. */
export interface ProviderAccount {
  sub: string;
  email: string;
  name?: string;
  groups: string[];
  /** Authentication methods the provider reports (RFC 8176), e.g. ['pwd', 'mfa']. */
  amr?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  /** The account the next login interaction signs in (the test sets it before each flow). */
  account: ProviderAccount;
  stop(): Promise<void>;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on a random loopback port, with static clients,
 * PKCE required, and a login interaction that signs in `account` without a form (the test plays the user).
 */
export async function startTestOidcProvider(options: {
  clients: Array<{ clientId: string; clientSecret: string; redirectUri: string }>;
  account: ProviderAccount;
}): Promise<TestOidcProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = () => {};
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const state: TestOidcProvider = {
    issuer,
    account: options.account,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [client.redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    pkce: { required: () => true },
    // Like most enterprise providers: the ID token carries the user's claims (and `amr`) itself.
    conformIdTokenClaims: false,
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      // `amr` with every ID token: TMA trusts the provider's MFA only when it says so there.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = state.account;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name ?? account.email,
          groups: account.groups,
        }),
      };
    },
    // A first-party client: no consent screen. The grant covers what TMA asks for.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const client = ctx.oidc.client;
      const accountId = ctx.oidc.session?.accountId;
      if (!client || !accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  handle = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      void (async () => {
        try {
          const account = state.account;
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: account.sub, ...(account.amr ? { amr: account.amr } : {}) } },
            { mergeWithLastSubmission: false },
          );
        } catch (error) {
          res.statusCode = 500;
          res.end(String(error));
        }
      })();
      return;
    }
    callback(req, res);
  };
  return state;
}
