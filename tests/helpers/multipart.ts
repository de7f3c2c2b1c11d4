/** A multipart/form-data capture body: a `metadata` JSON field and named file parts. */
export function multipartBody(metadata: object, files: Array<[string, Uint8Array]>, headers: Record<string, string>): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----afis${Date.now()}`;
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`)];
  for (const [name, bytes] of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(bytes), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
