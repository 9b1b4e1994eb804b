// A real OpenID Connect issuer for triage's sign-in tests: panva's oidc-provider (the
// certified Node.js implementation) on 127.0.0.1, with a login page of its own.
//
//   node issuer.mjs            reads ISSUER_CONFIG (JSON) from the environment:
//   { "port": 4100,
//     "users":   { "<login>": { "password", "sub", "name", "email", "roles": [...] } },
//     "clients": [ { "client_id", "client_secret", "redirect_uris": [...] } ],       code flow + PKCE
//     "services": [ { "client_id", "client_secret", "roles": [...], "ttl": 600 } ],  client credentials
//     "audience": "urn:triage:api" }
//
// Signs with an RSA key made at start (published at /jwks). ID tokens carry `sub`, `name`,
// `email` and `roles` (so that the tests can see triage keep only `sub` and the roles); API
// access tokens are JWTs (RFC 9068) for `audience`, with `roles`. Prints "ready <issuer>".
import crypto from 'node:crypto';
import http from 'node:http';

import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(process.env.ISSUER_CONFIG);
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = new Map(Object.values(config.users).map((user) => [user.sub, user]));
const services = new Map(config.services.map((service) => [service.client_id, service]));

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    ...config.clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    ...config.services.map((service) => ({
      client_id: service.client_id,
      client_secret: service.client_secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    })),
  ],
  jwks: { keys: [signingKey] },
  cookies: {
    keys: [crypto.randomBytes(32).toString('hex')],
    long: { sameSite: 'lax' },
    short: { sameSite: 'lax' },
  },
  claims: { openid: ['sub'], profile: ['name'], email: ['email'], roles: ['roles'] },
  scopes: ['openid', 'profile', 'email', 'roles', 'api'],
  // the claims of the granted scopes in the ID token itself (as many providers do for roles)
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => {
        if (resource !== config.audience) throw new errors.InvalidTarget();
        return {
          scope: 'api',
          audience: config.audience,
          accessTokenFormat: 'jwt',
          accessTokenTTL: services.get(client.clientId)?.ttl ?? 600,
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  extraTokenClaims: (ctx, token) => {
    if (token.kind === 'ClientCredentials') return { roles: services.get(token.clientId)?.roles ?? [] };
    if (token.accountId) return { roles: accounts.get(token.accountId)?.roles ?? [] };
    return undefined;
  },
  findAccount: (ctx, sub) => {
    const user = accounts.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      claims: () => ({ sub, name: user.name, email: user.email, roles: user.roles }),
    };
  },
  ttl: { Interaction: 600, Session: 3600, Grant: 3600, IdToken: 600, AuthorizationCode: 60, AccessToken: 600 },
});

function page(res, status, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente — aanmelden</title></head>
<body><main>${body}</main></body></html>`);
}

function loginForm(uid, problem) {
  return `<h1>Aanmelden bij de gemeente</h1>${problem ? `<p role="alert">${problem}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="login">Gebruikersnaam</label> <input id="login" name="login" autocomplete="username">
  <label for="password">Wachtwoord</label> <input id="password" name="password" type="password" autocomplete="current-password">
  <button type="submit">Inloggen</button>
</form>`;
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function consent(req, res, interaction) {
  // triage is the municipality's own application: consent is given for it
  const { prompt: { details }, params, session: { accountId } } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: interaction.grantId ? {} : { grantId } }, {
    mergeWithLastSubmission: true,
  });
}

async function interactionRoute(req, res, url) {
  const interaction = await provider.interactionDetails(req, res);
  const { uid, prompt } = interaction;
  if (req.method === 'GET') {
    if (prompt.name === 'consent') return consent(req, res, interaction);
    return page(res, 200, loginForm(uid));
  }
  if (req.method === 'POST' && url.pathname.endsWith('/login')) {
    const form = await body(req);
    const user = config.users[form.get('login') ?? ''];
    const given = Buffer.from(form.get('password') ?? '');
    const expected = Buffer.from(user?.password ?? '');
    if (!user || given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      return page(res, 401, loginForm(uid, 'Gebruikersnaam of wachtwoord klopt niet.'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: user.sub } }, {
      mergeWithLastSubmission: false,
    });
  }
  return page(res, 405, '<p>Niet toegestaan.</p>');
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    const url = new URL(req.url, issuer);
    if (!url.pathname.startsWith('/interaction/')) return callback(req, res);
    return interactionRoute(req, res, url).catch((error) => {
      page(res, 400, `<p>${error.name}</p>`);
    });
  })
  .listen(config.port, '127.0.0.1', () => {
    console.log(`ready ${issuer}`);
  });
