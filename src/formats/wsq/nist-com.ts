/**
 * NIST_COM comments: the NBIS convention for image attributes inside a COM segment — a first
 * line `NIST_COM <number of lines>` followed by `KEY VALUE` lines (PIX_WIDTH, PIX_HEIGHT,
 * PIX_DEPTH, PPI, LOSSY, COLORSPACE, COMPRESSION, WSQ_BITRATE…). The WSQ frame header has no
 * resolution field, so PPI is only known from here.
 */

export const NIST_COM_HEADER = 'NIST_COM';

/** Parses a NIST_COM comment into its fields, or undefined when the text is not one. */
export function parseNistCom(text: string): Record<string, string> | undefined {
  if (!text.startsWith(NIST_COM_HEADER)) return undefined;
  const fields: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\0+$/, '').trim();
    if (line === '') continue;
    const space = line.search(/\s/);
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space).trim();
    if (!Object.hasOwn(fields, key)) fields[key] = value;
  }
  return fields;
}

/** The PPI a NIST_COM states, when it is a positive integer (NBIS writes −1 for unknown). */
export function ppiFromNistCom(fields: Record<string, string> | undefined): number | undefined {
  const text = fields?.PPI;
  if (text === undefined || !/^\d{1,6}$/.test(text)) return undefined;
  const ppi = Number(text);
  return ppi > 0 ? ppi : undefined;
}

/** Formats the attributes NBIS `cwsq` writes, in the same order and layout. */
export function formatNistCom(width: number, height: number, ppi: number, bitRate: number): string {
  const lines = [
    `PIX_WIDTH ${width}`,
    `PIX_HEIGHT ${height}`,
    'PIX_DEPTH 8',
    `PPI ${ppi}`,
    'LOSSY 1',
    'COLORSPACE GRAY',
    'COMPRESSION WSQ',
    `WSQ_BITRATE ${bitRate.toFixed(6)}`,
  ];
  return [`${NIST_COM_HEADER} ${lines.length + 1}`, ...lines].join('\n');
}
