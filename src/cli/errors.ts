// The CLI uses the shared error type; the exit status of an error comes from its code (exit-codes.ts).
export { KtError, isKtError, type KtErrorDetails } from '../errors.js';
