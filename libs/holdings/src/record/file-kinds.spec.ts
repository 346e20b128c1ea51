import { acceptedContentType, fileKindOf, servedContentType, sniffContentType } from './file-kinds';

describe('file kinds', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(
      parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
    );

  it('knows the formats by their magic numbers', () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBe('audio/wav');
    expect(sniffContentType(bytes('ID3', [4, 0]))).toBe('audio/mpeg');
    expect(sniffContentType(bytes('OggS', [0]))).toBe('audio/ogg');
    expect(sniffContentType(bytes('fLaC'))).toBe('audio/flac');
    expect(sniffContentType(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toBe('audio/mp4');
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffContentType(bytes('GIF89a'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });

  it('lets each item take its own kind only, with the declared type matching the bytes', () => {
    const wav = bytes('RIFF', [0, 0, 0, 0], 'WAVE');
    expect(fileKindOf('voiceRecording')).toBe('AUDIO');
    expect(fileKindOf('faceImage')).toBe('IMAGE');
    expect(acceptedContentType('voiceRecording', 'audio/x-wav', wav)).toBe('audio/wav');
    expect(acceptedContentType('voiceRecording', undefined, wav)).toBe('audio/wav');
    // Refusals are the client's to fix: BAD_USER_INPUT naming the field, and the expected form.
    for (const [refused, message] of [
      [() => acceptedContentType('faceImage', 'audio/wav', wav), /image\/jpeg/],
      [() => acceptedContentType('voiceRecording', 'audio/mpeg', wav), /does not match/],
      [() => acceptedContentType('cameraLocation', undefined, wav), /no files/],
    ] as const) {
      const error = refusalOf(refused);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(message);
    }
    expect(servedContentType('faceImage', 'image/svg+xml')).toBe('application/octet-stream');
  });
});

/** The error `run` throws (a refusal is expected; none fails the test). */
function refusalOf(run: () => unknown): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a refusal');
}
