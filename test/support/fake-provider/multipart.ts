/** Reads a text field of a `multipart/form-data` body (audio and image-edit uploads). */
export function readFormField(rawBody: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}"\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r]*)\\r\\n`).exec(rawBody);
  return match?.[1];
}

/** The model of a JSON or multipart request. */
export function readRequestModel(json: unknown, rawBody: string): string | undefined {
  if (typeof json === 'object' && json !== null && typeof (json as { model?: unknown }).model === 'string') {
    return (json as { model: string }).model;
  }
  return readFormField(rawBody, 'model');
}
