import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, gql, post } from '../api';
import { formFields } from '../form';
import { text, type Lang } from '../i18n';

/** What went wrong, announced to screen readers; nothing when all is well. */
function Failure({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error">
      {error}
    </p>
  ) : null;
}

/**
 * E-mail and password; the server sets the session cookie. With an authenticator set up, the
 * cookie opens only the second step: the code (or a recovery code) comes next, and the server
 * replaces the cookie with the full session's.
 */
export function Login({ lang, onDone }: { lang: Lang; onDone: (mustChange: boolean) => void }) {
  // Back from the company's identity provider: refused, or on to the second step.
  const sso = new URLSearchParams(location.search).get('sso');
  const [error, setError] = useState<string | null>(
    sso === 'failed' ? text(lang, 'ssoFailed') : null,
  );
  const [secondStep, setSecondStep] = useState(sso === 'mfa');
  const [ssoEnabled, setSsoEnabled] = useState(false);
  useEffect(() => {
    fetch('/auth/sso')
      .then((res) => (res.ok ? (res.json() as Promise<{ enabled: boolean }>) : { enabled: false }))
      .then((status) => setSsoEnabled(status.enabled))
      .catch(() => setSsoEnabled(false));
  }, []);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = formFields(event);
    try {
      const result = await post<{ mustChangePassword: boolean; mfaRequired: boolean }>(
        '/console/session',
        { email: field('email'), password: field('password') },
      );
      setError(null);
      if (result.mfaRequired) setSecondStep(true);
      else onDone(result.mustChangePassword);
    } catch (e) {
      setError(`${text(lang, 'loginFailed')}: ${e instanceof ApiError ? e.message : ''}`);
    }
  };
  const finish = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = formFields(event)('code').trim();
    try {
      const result = await post<{ mustChangePassword: boolean }>(
        '/console/session/mfa',
        /^\d{6}$/.test(code) ? { code } : { recoveryCode: code },
      );
      onDone(result.mustChangePassword);
    } catch (e) {
      setError(`${text(lang, 'loginFailed')}: ${e instanceof ApiError ? e.message : ''}`);
    }
  };
  if (secondStep)
    return (
      <form
        className="card narrow"
        onSubmit={(e) => void finish(e)}
        aria-label={text(lang, 'mfaCode')}
      >
        <h1>{text(lang, 'title')}</h1>
        <label>
          {text(lang, 'mfaCode')}
          <input
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={32}
            required
          />
        </label>
        <p className="hint">{text(lang, 'mfaHint')}</p>
        <Failure error={error} />
        <button type="submit">{text(lang, 'login')}</button>
      </form>
    );
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-label={text(lang, 'login')}>
      <h1>{text(lang, 'title')}</h1>
      <label>
        {text(lang, 'email')}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {text(lang, 'password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <Failure error={error} />
      <button type="submit">{text(lang, 'login')}</button>
      {ssoEnabled && (
        <p>
          <a href="/auth/sso/start">{text(lang, 'ssoLogin')}</a>
        </p>
      )}
    </form>
  );
}

/** The initial or reset password changed before anything else (the server refuses the rest). */
export function ChangePassword({ lang, onDone }: { lang: Lang; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = formFields(event);
    try {
      await gql(`mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`, {
        input: { currentPassword: field('current'), newPassword: field('next') },
      });
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)}>
      <h1>{text(lang, 'mustChange')}</h1>
      <label>
        {text(lang, 'currentPassword')}
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {text(lang, 'newPassword')}
        <input name="next" type="password" autoComplete="new-password" required />
      </label>
      <Failure error={error} />
      <button type="submit">{text(lang, 'change')}</button>
    </form>
  );
}
