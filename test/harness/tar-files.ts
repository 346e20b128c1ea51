import { extract } from 'tar-stream';

/** The files of a tar archive (a disclosure package, an evidence bundle), by name. */
export async function tarFiles(body: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    stream.on('end', () => {
      files.set(header.name, Buffer.concat(chunks));
      next();
    });
  });
  await new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
    reader.end(body);
  });
  return files;
}
