import { X509Certificate } from 'node:crypto';
import { readInputFile, whyUnreadable } from '../cli/input-file';
import { UsageError } from './usage-error';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads the --ca files: each must hold at least one PEM certificate. Returns every certificate. */
export function readCaFiles(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readInputFile(file);
    } catch (error) {
      throw new UsageError(`--ca: cannot read ${JSON.stringify(file)} (${whyUnreadable(error)})`);
    }
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) throw new UsageError(`--ca: ${JSON.stringify(file)} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch {
        throw new UsageError(`--ca: ${JSON.stringify(file)} holds a certificate that cannot be parsed`);
      }
    }
    return blocks;
  });
}
