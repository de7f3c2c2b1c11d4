import type { AnsiNistTransaction } from './ansi-nist-record.js';
import { fieldTagName } from './ansi-nist-record.js';

/**
 * A transaction as NIST NBIS `an2k2txt` prints it: one line per information item,
 * `record.field.subfield.item [type.field]=value` followed by a unit separator (0x1f) and a
 * newline, records, fields, subfields and items numbered from 1 in file order. Binary data
 * (field 999 and the image after a binary header) is not printed (an2k2txt writes it to files
 * of its own). Values are written one character per byte (Latin-1), as the tool does.
 */
export function dumpAn2kText(tx: Pick<AnsiNistTransaction, 'records'>): string {
  const lines: string[] = [];
  tx.records.forEach((r, ri) => {
    r.fields.forEach((f, fi) => {
      const tag = fieldTagName(r.type, f.tag);
      f.subfields.forEach((items, si) => {
        items.forEach((value, ii) => lines.push(`${ri + 1}.${fi + 1}.${si + 1}.${ii + 1} [${tag}]=${value}\x1f\n`));
      });
    });
  });
  return lines.join('');
}
