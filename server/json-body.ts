/** Reading a JSON body where a public endpoint wants the outcome, not an error thrown at express. */
import type { Request, RequestHandler, Response } from 'express';

/** Runs a JSON body parser; broken JSON and unreadable bodies come back as 'bad'. */
export function readJson(
  parse: RequestHandler,
  req: Request,
  res: Response,
): Promise<'ok' | 'bad' | 'too_large'> {
  return new Promise((resolve) => {
    void parse(req, res, (err?: unknown) => {
      const status = (err as { status?: unknown } | undefined)?.status;
      resolve(err === undefined ? 'ok' : status === 413 ? 'too_large' : 'bad');
    });
  });
}
