/**
 * Increments when a change would break a client written for the previous
 * version. Its own module, free of zod, so the browser's first page can send
 * it without loading the schemas.
 */
export const PROTOCOL_VERSION = 1;
