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
      code { background: #eef1f4; padding: 0 0.2rem; }
    </style>
  </head>
  <body>
    <main>${body}</main>
  </body>
</html>
`;

export type LoginProblem = 'wrong' | 'locked' | undefined;

const PROBLEMS: Record<NonNullable<LoginProblem>, string> = {
  wrong: 'Wrong password',
  locked: 'Too many attempts. Try again in 15 minutes.',
};

export function loginPage(problem?: LoginProblem): string {
  const message = problem ? `<p class="problem" role="alert">${PROBLEMS[problem]}</p>` : '';
  return page(
    'Operator login',
    `<h1>placerace operator</h1>
      ${message}
      <form method="post" action="/admin/login">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required autofocus />
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
