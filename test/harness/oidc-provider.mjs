// A small OpenID Connect provider for the single sign-on tests (oidc-provider from npm, its
// development sign-in pages): `node oidc-provider.mjs <port> <client id> <client secret> <redirect URI>`.
// The login name typed is the account: its e-mail claim, verified unless it starts "unverified:".
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({
      sub: `idp|${id}`,
      email: id.replace(/^unverified:/, ''),
      email_verified: !id.startsWith('unverified:'),
    }),
  }),
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`${error.stack}\n`));
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write('oidc provider ready\n'));
