import { readFile } from 'node:fs/promises';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@daicho/platform';

import type * as OpenIdClientModule from 'openid-client' with { 'resolution-mode': 'import' };

type OpenIdClient = typeof OpenIdClientModule;
type Configuration = OpenIdClientModule.Configuration;

/** What Daicho takes from a sign-in at the provider: the e-mail address, nothing else. */
export interface ProviderIdentity {
  email: string | null;
  emailVerified: boolean;
  /** The provider's subject identifier, for the log of a refusal only. */
  subject: string;
}

/** The provider's discovery failed or it refused the code: a sign-in that cannot go on. */
export class ProviderError extends Error {}

/**
 * The company's OpenID Connect provider, through openid-client (authorization code flow with
 * PKCE S256, state and nonce; the ID token's signature, issuer, audience, expiry and nonce are
 * checked by the library). openid-client is an ES module: loaded on first use, like the
 * embedded database. Discovery is done once and kept.
 */
@Injectable()
export class IdentityProvider implements OnApplicationBootstrap {
  private configuration: Promise<{ client: OpenIdClient; config: Configuration }> | null = null;
  private clientSecret: string | undefined;

  constructor(@Inject(AppConfig) private readonly settings: AppConfig) {}

  /** The client secret is read at start: a wrong OIDC_CLIENT_SECRET_FILE stops the server. */
  async onApplicationBootstrap(): Promise<void> {
    const file = this.settings.OIDC_CLIENT_SECRET_FILE;
    if (!this.settings.ssoEnabled || !file) return;
    this.clientSecret = (await readFile(file, 'utf8')).trim();
    if (!this.clientSecret) throw new Error('OIDC_CLIENT_SECRET_FILE is empty');
  }

  /** The provider's authorization URL for one sign-in. */
  async authorizationUrl(checks: {
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<URL> {
    const { client, config } = await this.discovered();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUrl(),
      scope: 'openid email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Redeems the code the browser brought back (`callbackUrl`) and reads the ID token. */
  async identityFrom(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<ProviderIdentity> {
    const { client, config } = await this.discovered();
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Providers may keep the e-mail out of the ID token: then it comes from userinfo, for the
      // same subject (the library checks that `sub` matches).
      if (claims && typeof claims.sub === 'string' && typeof claims.email !== 'string')
        claims = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)) };
    } catch (error) {
      throw new ProviderError(error instanceof Error ? error.name : 'code exchange failed');
    }
    if (!claims || typeof claims.sub !== 'string') throw new ProviderError('no ID token claims');
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
    // Some providers send the flag as a string in userinfo.
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    return { email, emailVerified: verified, subject: claims.sub };
  }

  private redirectUrl(): string {
    const url = this.settings.OIDC_REDIRECT_URL;
    if (!url) throw new ProviderError('single sign-on is not configured');
    return url;
  }

  private discovered(): Promise<{ client: OpenIdClient; config: Configuration }> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null; // a provider that was down is asked again next time
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<{ client: OpenIdClient; config: Configuration }> {
    const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId } = this.settings;
    if (!issuer || !clientId) throw new ProviderError('single sign-on is not configured');
    const client = await import('openid-client');
    const secret = this.clientSecret;
    const url = new URL(issuer);
    try {
      const config = await client.discovery(
        url,
        clientId,
        secret,
        secret ? client.ClientSecretPost(secret) : client.None(),
        // Plain http only for a provider on this machine (AppConfig refuses any other http issuer).
        url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    } catch (error) {
      throw new ProviderError(error instanceof Error ? error.name : 'discovery failed');
    }
  }
}
