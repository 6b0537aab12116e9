/** A document the converter cannot use, with a message that says what to fix. */
export class OpenApiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OpenApiError';
  }
}
