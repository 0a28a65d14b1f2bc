/**
 * The operator's pages the server writes itself: the login form (it works
 * without JavaScript) and the notice that the dashboard is off. The
 * dashboard proper is the built client's admin.html.
 */

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${title} · placerace</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; color: #1d2733; background: #f4f6f8; margin: 0; }
      main { max-width: 24rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 8px;
        box-shadow: 0 1px 4px rgb(0 0 0 / 0.12); }
      h1 { font-size: 1.3rem; margin-top: 0; }
      label { display: block; font-weight: 600; margin-bottom: 0.3rem; }
      input { width: 100%; box-sizing: border-box; font: inherit; padding: 0.5rem; margin-bottom: 1rem; }
      button { font: inherit; padding: 0.5rem 1.2rem; background: #1f5fa8; color: #fff; border: 0;
        border-radius: 4px; cursor: pointer; }
      .problem { color: #b3261e; font-weight: 600; }
      .hint { font-size: 0.85rem; color: #4a5866; margin-top: -0.6rem; }
      code { background: #eef1f4; padding: 0 0.2rem; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>
`;

/** Why the login form is shown again; with `seconds` where there is a wait. */
export type LoginProblem =
  | { kind: 'wrong' }
  | { kind: 'wrong-code' }
  | { kind: 'wait'; seconds: number }
  | { kind: 'locked'; scope: 'source' | 'everyone'; seconds: number }
  | { kind: 'origin' };

const minutes = (seconds: number) => {
  const n = Math.max(1, Math.ceil(seconds / 60));
  return n === 1 ? '1 minute' : `${n} minutes`;
};

function describe(problem: LoginProblem): string {
  switch (problem.kind) {
    case 'wrong':
      return 'Wrong password';
    case 'wrong-code':
      return 'That unlock code is not valid: a code works for an hour, for one login.';
    case 'wait':
      return `Too many wrong passwords. Wait ${problem.seconds} s before the next try.`;
    case 'locked':
      return problem.scope === 'source'
        ? `Too many attempts from your address. Try again in ${minutes(problem.seconds)}, ` +
            "or enter the unlock code from the server's log."
        : 'Too many attempts: the login is locked for everyone for ' +
            `${minutes(problem.seconds)}. Enter the unlock code from the server's log to get in.`;
    case 'origin':
      return "This login did not come from this site's own page. Open /admin here and log in again.";
  }
}

export interface LoginForm {
  problem?: LoginProblem;
  /** Show the unlock code's field: the source is locked out, or a code was just typed. */
  askCode?: boolean;
  /** A valid code typed before, kept in its field (codes are A-Z and digits only). */
  code?: string;
}

export function loginPage(form: LoginForm = {}): string {
  const { problem, askCode, code } = form;
  const message = problem ? `<p class="problem" role="alert">${describe(problem)}</p>` : '';
  const codeField = askCode
    ? `<label for="unlock">Unlock code</label>
        <input id="unlock" name="code" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX"
          value="${/^[A-Z0-9-]{0,20}$/.test(code ?? '') ? (code ?? '') : ''}" />
        <p class="hint">A lock writes a code to the server's log (<code>unlockCode</code>); it lets
        you in past the lock, with the password.</p>`
    : '';
  return page(
    'Operator login',
    `<h1>placerace operator</h1>
      ${message}
      <form method="post" action="/admin/login">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus />
        ${codeField}
        <button type="submit">Log in</button>
      </form>`,
  );
}

export function dashboardOffPage(): string {
  return page(
    'Dashboard off',
    `<h1>The operator's dashboard is off</h1>
      <p>To turn it on, start the server with a password of at least 12 characters in
      <code>ADMIN_PASSWORD</code>, for example:</p>
      <p><code>ADMIN_PASSWORD='a long secret phrase' npm start</code></p>
      <p>then open <code>/admin</code> again and log in.</p>`,
  );
}
